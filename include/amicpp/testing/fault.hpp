// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_FAULT_HPP
#define AMICPP_TESTING_FAULT_HPP

/// @file
/// @brief `amicpp::testing::fault`: misbehaviour the simulated server shows on demand.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace amicpp::testing {

/// @brief Faults a session shows. Fields combine freely; the static functions build the common
/// single-fault cases, e.g. `srv.set_fault(fault::closing_after(40))`.
///
/// Given to `server::set_fault` they apply to connections accepted afterwards; given to
/// `server::apply_fault` they apply to the sessions open now (byte counts start from then).
struct fault {
    /// Accept the connection, then close it before sending the banner (new connections only).
    bool close_before_banner = false;

    /// Write at most this many more bytes (a message may be cut anywhere), then close the
    /// connection: the client reads those bytes, then end of stream.
    std::optional<std::size_t> close_after_bytes;

    /// Stop reading and writing but keep the connection open: a server that hangs. Clearing the
    /// fault resumes the session where it stopped.
    bool stall = false;

    /// Write one byte per write, waiting this long between bytes (0: as fast as possible).
    std::optional<std::chrono::milliseconds> drip;

    /// Actions (case-insensitive names) that are read, counted and never answered: for client
    /// timeout tests.
    std::vector<std::string> ignore_actions;

    /// @brief No fault at all.
    static fault none() { return {}; }

    /// @brief Close new connections before the banner.
    static fault closing_before_banner() {
        fault f;
        f.close_before_banner = true;
        return f;
    }

    /// @brief Close after `bytes` more bytes have been written.
    static fault closing_after(std::size_t bytes) {
        fault f;
        f.close_after_bytes = bytes;
        return f;
    }

    /// @brief Stop reading and writing, keep the connection open.
    static fault stalling() {
        fault f;
        f.stall = true;
        return f;
    }

    /// @brief Write one byte at a time, `interval` apart.
    /// @param interval pause between two bytes
    static fault dripping(std::chrono::milliseconds interval = std::chrono::milliseconds{0}) {
        fault f;
        f.drip = interval;
        return f;
    }

    /// @brief Never answer the action `name`.
    /// @param name action name, compared ignoring ASCII case
    static fault ignoring(std::string name) {
        fault f;
        f.ignore_actions.push_back(std::move(name));
        return f;
    }
};

} // namespace amicpp::testing

#endif // AMICPP_TESTING_FAULT_HPP
