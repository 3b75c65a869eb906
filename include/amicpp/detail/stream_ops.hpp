// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_STREAM_OPS_HPP
#define AMICPP_DETAIL_STREAM_OPS_HPP

#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/socket_base.hpp>

#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

namespace amicpp::detail {

template <class S, class = void>
struct has_lowest_layer : std::false_type {};
template <class S>
struct has_lowest_layer<S, std::void_t<decltype(std::declval<S&>().lowest_layer())>>
    : std::true_type {};

// The socket under any layering (a TLS stream's TCP socket); a plain stream is its own.
template <class Stream>
decltype(auto) lowest_layer(Stream& s) {
    if constexpr (has_lowest_layer<Stream>::value)
        return s.lowest_layer();
    else
        return (s);
}

// Connects the socket under `s` to the first endpoint that answers. Streams without a socket
// underneath (test streams) cannot be connected by address: the caller hands them over ready.
template <class Stream, class Endpoints, class Handler>
void connect_transport(Stream& s, const Endpoints& endpoints, Handler&& handler) {
    auto& socket = lowest_layer(s);
    using socket_type = std::decay_t<decltype(socket)>;
    if constexpr (std::is_base_of_v<asio::socket_base, socket_type>) {
        asio::async_connect(
            socket, endpoints,
            [&socket, h = std::forward<Handler>(handler)](std::error_code ec, const auto&) mutable {
                // Actions are small and each waits for its answer: no Nagle. Best effort: the
                // connection works without it.
                if (!ec) {
                    std::error_code ignored;
                    socket.set_option(asio::ip::tcp::no_delay(true), ignored);
                }
                h(ec);
            });
    } else {
        (void)endpoints;
        asio::post(s.get_executor(), [h = std::forward<Handler>(handler)]() mutable {
            h(make_error_code(std::errc::operation_not_supported));
        });
    }
}

// What differs between transports once the socket is connected. The default has nothing to
// do; a TLS specialisation performs the handshake, with `host` for SNI and name verification
// (empty when the caller connected the stream itself).
template <class Stream, class = void>
struct stream_ops {
    template <class Handler>
    static void async_handshake(Stream& s, const std::string& /*host*/, Handler&& handler) {
        asio::post(s.get_executor(),
                   [h = std::forward<Handler>(handler)]() mutable { h(std::error_code{}); });
    }
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_STREAM_OPS_HPP
