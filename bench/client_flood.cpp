// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// amicpp::client under a flood from another process: starts `flood_server N` (fork/exec, the
// program next to this one), connects, and only counts events with the README's loop, until the
// server closes. A consumer that keeps up must lose nothing.
//
//   client_flood [N] [lossless]     (lossless: max_read_pause = max, unbounded back-pressure)
#include <amicpp/client.hpp>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    const std::string total = argc > 1 ? argv[1] : "1000000";
    const bool lossless = argc > 2 && std::strcmp(argv[2], "lossless") == 0;
    std::string self(argv[0]);
    const std::string server = self.substr(0, self.rfind('/') + 1) + "flood_server";
    int out[2];
    if (pipe(out) != 0)
        return 1;
    const pid_t child = fork();
    if (child == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(server.c_str(), server.c_str(), total.c_str(), static_cast<char*>(nullptr));
        std::perror("exec flood_server");
        _exit(127);
    }
    close(out[1]);
    char line[32] = {};
    std::size_t got = 0;
    while (got < sizeof line - 1) {
        const ssize_t n = read(out[0], line + got, 1);
        if (n <= 0 || line[got] == '\n')
            break;
        ++got;
    }
    line[got] = '\0';
    amicpp::connection_options o;
    if (lossless)
        o.max_read_pause = std::chrono::milliseconds::max();
    std::uint64_t events = 0;
    std::uint64_t gaps = 0;
    std::uint64_t lost = 0;
    double seconds = 0;
    {
        amicpp::client ami(o);
        ami.connect("127.0.0.1", line, {"admin", "x", amicpp::auth_method::plain, "on"});
        const auto start = std::chrono::steady_clock::now();
        for (;;) {
            try {
                while (auto ev = ami.next_event(std::chrono::seconds(10)))
                    ++events;
                break; // closed and drained (or 10 s of silence)
            } catch (const amicpp::events_lost_error& e) {
                ++gaps;
                lost += e.count();
            }
        }
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    int status = 0;
    waitpid(child, &status, 0);
    std::printf("client_flood: %s events sent by another process; %llu received, %llu lost in %llu "
                "gaps; %.3f s, %.2f M events/s%s\n",
                total.c_str(), static_cast<unsigned long long>(events),
                static_cast<unsigned long long>(lost), static_cast<unsigned long long>(gaps),
                seconds, static_cast<double>(events) / seconds / 1e6,
                lossless ? " (lossless back-pressure)" : " (default options)");
    return events == std::strtoull(total.c_str(), nullptr, 10) && gaps == 0 ? 0 : 1;
}
