// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_STREAM_OPS_HPP
#define AMICPP_DETAIL_STREAM_OPS_HPP

#include <asio/post.hpp>

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

// What differs between transports once the socket is connected. The default has nothing to
// do; the TLS specialisation (tls_connection.hpp) performs the handshake.
template <class Stream, class = void>
struct stream_ops {
    template <class Handler>
    static void async_handshake(Stream& s, Handler&& handler) {
        asio::post(s.get_executor(),
                   [h = std::forward<Handler>(handler)]() mutable { h(std::error_code{}); });
    }
};

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_STREAM_OPS_HPP
