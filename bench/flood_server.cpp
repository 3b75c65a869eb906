// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// A minimal AMI peer for benchmarks, run as a process of its own: it listens on 127.0.0.1 (an
// ephemeral port, printed on stdout as one line), accepts one client, greets it, accepts its
// Login, then writes N events as fast as the socket takes them and closes.
//
//   flood_server N
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/write.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    const std::uint64_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    std::printf("%u\n", static_cast<unsigned>(acceptor.local_endpoint().port()));
    std::fflush(stdout);
    asio::ip::tcp::socket s = acceptor.accept();
    asio::write(s, asio::buffer(std::string("Asterisk Call Manager/6.0.0\r\n")));
    std::string in;
    const std::size_t end = asio::read_until(s, asio::dynamic_buffer(in), "\r\n\r\n");
    const std::string login = in.substr(0, end);
    std::string id;
    const std::size_t at = login.find("ActionID: ");
    if (at != std::string::npos)
        id = login.substr(at + 10, login.find("\r\n", at) - at - 10);
    asio::write(s, asio::buffer("Response: Success\r\nActionID: " + id +
                                "\r\nMessage: Authentication accepted\r\n\r\n"));
    std::string chunk;
    std::uint64_t sent = 0;
    while (sent < total) {
        chunk.clear();
        while (chunk.size() < 256 * 1024 && sent < total) {
            chunk += "Event: Newexten\r\nPrivilege: dialplan,all\r\nChannel: PJSIP/100-0000002a\r\n"
                     "Context: from-internal\r\nExtension: 200\r\nPriority: 1\r\n"
                     "Application: Dial\r\nAppData: PJSIP/200,30\r\nUniqueid: 1700000000.42\r\n"
                     "Seq: ";
            chunk += std::to_string(++sent);
            chunk += "\r\n\r\n";
        }
        asio::write(s, asio::buffer(chunk));
    }
    s.shutdown(asio::ip::tcp::socket::shutdown_send);
    // Wait for the client to hang up, so that nothing it has not read is reset.
    char sink[4096];
    std::error_code ec;
    while (!ec)
        s.read_some(asio::buffer(sink), ec);
    return 0;
}
