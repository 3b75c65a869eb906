// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// An in-memory stream for connection tests: the test plays the server, byte by byte if it
// likes, with short reads and writes, injected failures and remote close.
#ifndef AMICPP_TESTS_FAKE_STREAM_HPP
#define AMICPP_TESTS_FAKE_STREAM_HPP

#include <asio/any_io_executor.hpp>
#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/post.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

namespace amicpp_test {

struct fake_peer {
    std::string to_client;       // bytes the client has yet to read
    std::string from_client;     // everything the client wrote
    std::size_t read_limit = 0;  // at most this many bytes per read (0: no limit)
    std::size_t write_limit = 0; // at most this many bytes per write (0: no limit)
    bool eof = false;            // the server closed: reads end with asio::error::eof
    std::error_code read_error;  // the next read fails with this
    std::error_code write_error; // every write fails with this
    bool closed = false;         // the client closed its side
    std::size_t writes = 0;      // number of write calls
    std::function<void(std::error_code, std::size_t)> pending_read;
    asio::mutable_buffer pending_buffer;
    asio::any_io_executor executor;

    // Makes bytes available to the client (and completes a waiting read).
    void send(const std::string& bytes) {
        to_client += bytes;
        wake();
    }
    void close_remote() {
        eof = true;
        wake();
    }
    void fail_reads(std::error_code ec) {
        read_error = ec;
        wake();
    }
    void wake() {
        if (!pending_read)
            return;
        auto h = std::move(pending_read);
        pending_read = nullptr;
        complete_read(std::move(h), pending_buffer);
    }
    void complete_read(std::function<void(std::error_code, std::size_t)> h,
                       asio::mutable_buffer buf) {
        if (read_error) {
            auto ec = read_error;
            asio::post(executor, [h = std::move(h), ec] { h(ec, 0); });
            return;
        }
        if (to_client.empty()) {
            if (closed) {
                asio::post(executor, [h = std::move(h)] { h(asio::error::operation_aborted, 0); });
                return;
            }
            if (eof) {
                asio::post(executor, [h = std::move(h)] { h(asio::error::eof, 0); });
                return;
            }
            pending_read = std::move(h);
            pending_buffer = buf;
            return;
        }
        std::size_t n = std::min(buf.size(), to_client.size());
        if (read_limit != 0)
            n = std::min(n, read_limit);
        std::copy_n(to_client.data(), n, static_cast<char*>(buf.data()));
        to_client.erase(0, n);
        asio::post(executor, [h = std::move(h), n] { h(std::error_code{}, n); });
    }
};

class fake_stream {
public:
    using executor_type = asio::any_io_executor;

    fake_stream(executor_type ex, std::shared_ptr<fake_peer> peer)
        : ex_(std::move(ex)), peer_(std::move(peer)) {
        peer_->executor = ex_;
    }

    executor_type get_executor() const { return ex_; }

    template <class MutableBuffers, class Handler>
    void async_read_some(const MutableBuffers& buffers, Handler&& handler) {
        asio::mutable_buffer first = *asio::buffer_sequence_begin(buffers);
        // std::function needs a copyable callable: keep the handler behind a shared_ptr.
        auto h = std::make_shared<std::decay_t<Handler>>(std::forward<Handler>(handler));
        peer_->complete_read([h](std::error_code ec, std::size_t n) { (*h)(ec, n); }, first);
    }

    template <class ConstBuffers, class Handler>
    void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
        ++peer_->writes;
        if (peer_->write_error || peer_->closed) {
            auto ec =
                peer_->closed ? std::error_code(asio::error::bad_descriptor) : peer_->write_error;
            asio::post(ex_, [h = std::forward<Handler>(handler), ec]() mutable { h(ec, 0); });
            return;
        }
        std::size_t n = 0;
        for (auto it = asio::buffer_sequence_begin(buffers);
             it != asio::buffer_sequence_end(buffers); ++it) {
            asio::const_buffer b = *it;
            std::size_t take = b.size();
            if (peer_->write_limit != 0)
                take = std::min(take, peer_->write_limit - n);
            peer_->from_client.append(static_cast<const char*>(b.data()), take);
            n += take;
            if (peer_->write_limit != 0 && n >= peer_->write_limit)
                break;
        }
        asio::post(ex_,
                   [h = std::forward<Handler>(handler), n]() mutable { h(std::error_code{}, n); });
    }

    void close(std::error_code& ec) {
        ec.clear();
        peer_->closed = true;
        peer_->wake();
    }

private:
    executor_type ex_;
    std::shared_ptr<fake_peer> peer_;
};

} // namespace amicpp_test

#endif
