// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// What the README's snippets run against (see extract_snippets.cpp for the conventions): a
// simulated Asterisk with the README's user (admin/secret), its TLS twin, and the runner that
// runs each snippet with a deadline and says which README line failed.
#ifndef AMICPP_TESTS_README_HARNESS_HPP
#define AMICPP_TESTS_README_HARNESS_HPP

#include <amicpp/amicpp.hpp>
#include <amicpp/client.hpp>
#include <amicpp/events/catalog.hpp>
#include <amicpp/testing/server.hpp>
#if defined(AMICPP_README_TLS)
#include <amicpp/testing/certificates.hpp>
#include <amicpp/testing/tls_server.hpp>
#include <amicpp/tls_connection.hpp>
#endif

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>
#include <unistd.h>

namespace amicpp_readme {

// How long one snippet may take, and how long a fragment's connection gets to log in.
constexpr std::chrono::seconds snippet_deadline{60};
constexpr std::chrono::seconds login_deadline{20};

inline amicpp::testing::server_options readme_server_options() {
    amicpp::testing::server_options o;
    o.users = {{"admin", "secret", "all", "all"}};
    return o;
}

// The servers, made once before the first snippet runs.
struct environment {
    amicpp::testing::server plain{readme_server_options()};
#if defined(AMICPP_README_TLS)
    amicpp::testing::certificate_authority ca{"README authority"};
    amicpp::testing::tls_server tls{readme_server_options(), make_tls_options(ca)};
    std::string ca_path = write_temp(ca.certificate_pem());

    static amicpp::testing::tls_server_options
    make_tls_options(amicpp::testing::certificate_authority& authority) {
        amicpp::testing::tls_server_options o;
        o.server_identity = authority.issue(); // names localhost and 127.0.0.1
        return o;
    }

    static std::string write_temp(const std::string& content) {
        char name[] = "/tmp/amicpp-readme-ca-XXXXXX";
        const int fd = mkstemp(name);
        if (fd < 0)
            throw std::system_error(errno, std::generic_category(), "mkstemp");
        ::close(fd);
        std::ofstream(name, std::ios::binary) << content;
        return name;
    }

    ~environment() {
        std::remove(ca_path.c_str());
    }
#endif
};

inline environment& env() {
    static environment e;
    return e;
}

/// The simulated server's port, for "5038".
inline std::string port() {
    return std::to_string(env().plain.port());
}

#if defined(AMICPP_README_TLS)
/// The simulated TLS server's port, for "5039".
inline std::string tls_port() {
    return std::to_string(env().tls.port());
}
/// A file holding the TLS server's authority, for "/etc/asterisk/keys/ca.crt".
inline std::string ca_file() {
    return env().ca_path;
}
#endif

// A failure seen by the harness in the current snippet.
inline std::string& failure() {
    static std::string text;
    return text;
}

/// `handler` in fragments: a connect handler that must be called, with success.
class connect_handler {
public:
    connect_handler() : state_(std::make_shared<state>()) {}
    bool called() const { return state_->called; }
    void operator()(std::error_code ec, const amicpp::message& response) const {
        state_->called = true;
        if (ec)
            failure() =
                "connect failed: " + ec.message() + " " + std::string(response.message_text());
    }

private:
    struct state {
        bool called = false;
    };
    std::shared_ptr<state> state_;
};

template <class T, class = void>
struct is_connection : std::false_type {};
template <class T>
struct is_connection<T, std::void_t<decltype(std::declval<T&>().subscribe_link(
                            std::function<void(const amicpp::link_event&)>{}))>> : std::true_type {
};

// Runs `io` until `done()`, it runs out of work, or the deadline passes (then false).
template <class Done>
bool run_until(asio::io_context& io, Done done, std::chrono::steady_clock::duration limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    io.restart();
    while (!done()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            return false;
        if (io.run_one_for(deadline - now) == 0 && io.stopped())
            return done();
    }
    return true;
}

/// The end of a fragment that has no connection of its own to wait for: `io` runs until it
/// has no work left.
inline void finish(asio::io_context& io) {
    const auto deadline = std::chrono::steady_clock::now() + snippet_deadline;
    io.restart();
    for (;;) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            failure() = "the io_context still has work after the snippet";
            return;
        }
        if (io.run_one_for(deadline - now) == 0 && io.stopped())
            return;
    }
}

/// The end of a fragment with a connection `ami`: wait until it is logged in, stop it, and run
/// `io` until it has nothing left to do. (An `amicpp::client` runs by itself.)
template <class Ami>
void finish(asio::io_context& io, Ami& ami) {
    if constexpr (is_connection<Ami>::value) {
        bool up = false;
        auto link = ami.subscribe_link([&up](const amicpp::link_event& e) { up = up || e.up; });
        if (!run_until(
                io, [&] { return up; }, login_deadline) &&
            failure().empty())
            failure() = "the connection did not log in";
        link.unsubscribe();
        ami.stop();
    }
    finish(io);
}

/// What a fragment returns: 0, or 1 after saying what went wrong.
inline int result() {
    if (failure().empty())
        return 0;
    std::cerr << failure() << '\n';
    return 1;
}

/// The same for a fragment that was given `handler`: it must have been called.
inline int result(const connect_handler& handler) {
    if (!handler.called() && failure().empty())
        failure() = "the connect handler was never called";
    return result();
}

/// One snippet: its first README line, its kind, its code.
struct snippet {
    std::size_t line;
    const char* kind;
    int (*run)();
};

/// Runs every snippet (or those whose line numbers are given), each with a deadline.
inline int run_all(const char* readme, const snippet* all, int argc, char** argv) {
    env(); // the servers first: a program snippet connects at once
    int failed = 0, ran = 0;
    for (const snippet* s = all; s->run != nullptr; ++s) {
        bool wanted = argc < 2;
        for (int i = 1; i < argc; ++i)
            wanted = wanted || std::to_string(s->line) == argv[i];
        if (!wanted)
            continue;
        ++ran;
        const std::string where = std::string(readme) + ":" + std::to_string(s->line);
        std::cout << "=== " << where << " (" << s->kind << ")" << std::endl;
        failure().clear();
        std::packaged_task<int()> task([s] {
            try {
                return s->run();
            } catch (const std::exception& e) {
                std::cerr << "threw: " << e.what() << '\n';
                return 1;
            }
        });
        auto outcome = task.get_future();
        std::thread runner(std::move(task));
        if (outcome.wait_for(snippet_deadline) != std::future_status::ready) {
            std::cerr << where << ": FAILED: the snippet did not end within "
                      << snippet_deadline.count() << " s (a program must return by itself)\n";
            std::_Exit(1); // the snippet's thread cannot be joined
        }
        runner.join();
        if (const int code = outcome.get(); code != 0) {
            std::cerr << where << ": FAILED (exit code " << code << ")\n";
            ++failed;
        } else {
            std::cout << where << ": passed" << std::endl;
        }
    }
    std::cout << ran << " README snippets run, " << failed << " failed" << std::endl;
    return failed == 0 ? 0 : 1;
}

} // namespace amicpp_readme

#endif
