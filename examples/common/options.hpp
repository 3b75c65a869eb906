// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EXAMPLES_COMMON_OPTIONS_HPP
#define AMICPP_EXAMPLES_COMMON_OPTIONS_HPP

// The command line every example shares: where Asterisk is and how to log in
//
//   --demo                          the built-in simulated Asterisk (nothing to install)
//   --host H --port P --user U --secret S [--md5 | --plain] [--events MASK]
//   AMI_URL=ami://user:secret@host:5038   (the options above override its parts)
//
// plus each program's own flags and values. `--help` prints the usage and exits 0; a mistake
// prints it on stderr and exits 2 (examples::exit_usage).

#include "exit_codes.hpp"

#include <amicpp/connection_options.hpp>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace examples {

/// What the command line asked for.
struct options {
    bool demo = false;             ///< --demo: start the simulated Asterisk in this process
    std::string host;              ///< --host, or from AMI_URL
    std::string port = "5038";     ///< --port, or from AMI_URL
    bool port_given = false;       ///< --port was given (with --demo: the port to listen on)
    amicpp::login_options login;   ///< --user, --secret, --md5/--plain, --events
    std::vector<std::string> args; ///< the positional arguments, in order

    /// "host:port", for messages.
    std::string where() const { return host + ":" + port; }
    /// How the login is done, in words.
    std::string login_method() const {
        return login.method == amicpp::auth_method::md5
                   ? "MD5 challenge/response (the secret never crosses the wire)"
                   : "a plain-text secret";
    }
};

/// A small command-line parser: the shared connection options plus the program's own.
class option_parser {
public:
    /// `synopsis` follows the program name in the usage line; `description` is a paragraph.
    option_parser(std::string program, std::string synopsis, std::string description)
        : program_(std::move(program)), synopsis_(std::move(synopsis)),
          description_(std::move(description)) {}

    /// A flag such as `--json`.
    option_parser& flag(std::string name, std::string help, bool& out) {
        own_.push_back({std::move(name), "", std::move(help), [&out](std::string_view) {
                            out = true;
                            return true;
                        }});
        return *this;
    }

    /// An option with a value, `--name VALUE` or `--name=VALUE`.
    option_parser& value(std::string name, std::string metavar, std::string help,
                         std::string& out) {
        own_.push_back(
            {std::move(name), std::move(metavar), std::move(help), [&out](std::string_view v) {
                 out = std::string(v);
                 return true;
             }});
        return *this;
    }

    /// An option with a non-negative whole number.
    option_parser& number(std::string name, std::string metavar, std::string help,
                          unsigned long& out) {
        own_.push_back({std::move(name), std::move(metavar), std::move(help),
                        [&out](std::string_view v) { return parse_number(v, out); }});
        return *this;
    }

    /// A line of the "Examples:" section of --help.
    option_parser& example(std::string line) {
        examples_.push_back(std::move(line));
        return *this;
    }

    /// Parses `argv`, then completes the connection settings from AMI_URL. Exits with
    /// exit_usage (2) on a mistake, and with 0 after printing --help.
    options parse(int argc, char** argv) {
        options o;
        std::optional<std::string> host, port, user, secret, events;
        std::optional<amicpp::auth_method> method;
        const std::vector<spec> shared = {
            {"--demo", "", "", [&o](std::string_view) { return o.demo = true; }},
            {"--host", "HOST", "", [&host](std::string_view v) { return set(host, v); }},
            {"--port", "PORT", "", [&port](std::string_view v) { return set(port, v); }},
            {"--user", "USER", "", [&user](std::string_view v) { return set(user, v); }},
            {"--secret", "SECRET", "", [&secret](std::string_view v) { return set(secret, v); }},
            {"--md5", "", "",
             [&method](std::string_view) {
                 method = amicpp::auth_method::md5;
                 return true;
             }},
            {"--plain", "", "",
             [&method](std::string_view) {
                 method = amicpp::auth_method::plain;
                 return true;
             }},
            {"--events", "MASK", "", [&events](std::string_view v) { return set(events, v); }},
            {"--event-mask", "MASK", "", [&events](std::string_view v) { return set(events, v); }},
        };
        bool options_done = false;
        for (int i = 1; i < argc; ++i) {
            const std::string_view arg = argv[i];
            if (options_done || arg.size() < 2 || arg[0] != '-' || arg == "-") {
                o.args.emplace_back(arg);
                continue;
            }
            if (arg == "--") {
                options_done = true;
                continue;
            }
            if (arg == "--help" || arg == "-h") {
                print_usage(std::cout);
                std::exit(exit_ok);
            }
            const std::size_t eq = arg.find('=');
            const std::string_view name = arg.substr(0, eq);
            const spec* s = find(own_, name);
            if (s == nullptr)
                s = find(shared, name);
            if (s == nullptr)
                fail("unknown option " + std::string(name));
            std::string_view v;
            if (s->metavar.empty()) {
                if (eq != std::string_view::npos)
                    fail(std::string(name) + " takes no value");
            } else if (eq != std::string_view::npos) {
                v = arg.substr(eq + 1);
            } else if (i + 1 < argc) {
                v = argv[++i];
            } else {
                fail(std::string(name) + " needs a value (" + s->metavar + ")");
            }
            if (!s->set(v))
                fail("bad value for " + std::string(name) + ": '" + std::string(v) + "'");
        }

        // AMI_URL=ami://user:secret@host:port fills in what the command line left out.
        if (const char* url = std::getenv("AMI_URL"); url != nullptr && *url != '\0' && !o.demo) {
            std::string url_user, url_secret, url_host, url_port;
            if (!parse_url(url, url_user, url_secret, url_host, url_port))
                fail("AMI_URL must look like ami://user:secret@host:5038, not '" +
                     std::string(url) + "'");
            fill(user, url_user);
            fill(secret, url_secret);
            fill(host, url_host);
            fill(port, url_port);
        }

        if (!o.demo) {
            if (!host && !user)
                fail("no Asterisk given: use --demo for the built-in simulated one, or --host, "
                     "--user and --secret (or AMI_URL=ami://user:secret@host:5038)");
            if (!user)
                fail("--user is required (the [user] of manager.conf)");
            if (!secret)
                fail("--secret is required (the secret of that manager.conf user)");
        }
        o.host = host.value_or("127.0.0.1");
        o.port_given = port.has_value();
        o.port = port.value_or("5038");
        unsigned long port_number = 0;
        if (!parse_number(o.port, port_number) || port_number == 0 || port_number > 65535)
            fail("bad port '" + o.port + "'");
        o.login.username = user.value_or("");
        o.login.secret = secret.value_or("");
        o.login.method = method.value_or(amicpp::auth_method::md5);
        o.login.events = events.value_or("on");
        return o;
    }

    /// Prints `why` and a hint on stderr, then exits with exit_usage (2).
    [[noreturn]] void fail(const std::string& why) const {
        std::cerr << program_ << ": " << why << "\nTry '" << program_ << " --help'.\n";
        std::exit(exit_usage);
    }

    /// The program's name, as given to the constructor.
    const std::string& program() const { return program_; }

private:
    struct spec {
        std::string name;
        std::string metavar; // empty for flags
        std::string help;
        std::function<bool(std::string_view)> set;
    };

    static const spec* find(const std::vector<spec>& specs, std::string_view name) {
        for (const spec& s : specs) {
            if (s.name == name)
                return &s;
        }
        return nullptr;
    }

    static bool set(std::optional<std::string>& target, std::string_view v) {
        target = std::string(v);
        return true;
    }

    static void fill(std::optional<std::string>& target, const std::string& from_url) {
        if (!target && !from_url.empty())
            target = from_url;
    }

    static bool parse_number(std::string_view v, unsigned long& out) {
        if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
            return false;
        out = std::stoul(std::string(v));
        return true;
    }

    // %XX escapes, so that a secret may hold '@' or ':' (ami://admin:p%40ss@pbx).
    static bool percent_decode(std::string_view in, std::string& out) {
        out.clear();
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (in[i] != '%') {
                out += in[i];
                continue;
            }
            if (i + 2 >= in.size())
                return false;
            const auto hex = [](char c) {
                if (c >= '0' && c <= '9')
                    return c - '0';
                if (c >= 'a' && c <= 'f')
                    return c - 'a' + 10;
                if (c >= 'A' && c <= 'F')
                    return c - 'A' + 10;
                return -1;
            };
            const int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        return true;
    }

    // ami://[user[:secret]@]host[:port][/]  (host may be [IPv6])
    static bool parse_url(std::string_view url, std::string& user, std::string& secret,
                          std::string& host, std::string& port) {
        constexpr std::string_view scheme = "ami://";
        if (url.substr(0, scheme.size()) != scheme)
            return false;
        url.remove_prefix(scheme.size());
        if (!url.empty() && url.back() == '/')
            url.remove_suffix(1);
        const std::size_t at = url.rfind('@');
        if (at != std::string_view::npos) {
            const std::string_view credentials = url.substr(0, at);
            const std::size_t colon = credentials.find(':');
            if (!percent_decode(credentials.substr(0, colon), user))
                return false;
            if (colon != std::string_view::npos &&
                !percent_decode(credentials.substr(colon + 1), secret))
                return false;
            url.remove_prefix(at + 1);
        }
        std::string_view host_part = url;
        if (!url.empty() && url.front() == '[') { // [::1]:5038
            const std::size_t close = url.find(']');
            if (close == std::string_view::npos)
                return false;
            host_part = url.substr(1, close - 1);
            url.remove_prefix(close + 1);
            if (!url.empty() && url.front() != ':')
                return false;
            if (!url.empty())
                port = std::string(url.substr(1));
        } else {
            const std::size_t colon = url.find(':');
            host_part = url.substr(0, colon);
            if (colon != std::string_view::npos)
                port = std::string(url.substr(colon + 1));
        }
        host = std::string(host_part);
        return !host.empty() && host.find('/') == std::string::npos;
    }

    void print_usage(std::ostream& out) const {
        out << "usage: " << program_ << " [connection options] " << synopsis_ << "\n\n"
            << description_ << "\n";
        const auto row = [&out](const std::string& left, const std::string& help) {
            out << "  " << left;
            if (left.size() < 24)
                out << std::string(24 - left.size(), ' ');
            else
                out << "\n  " << std::string(24, ' ');
            out << help << "\n";
        };
        if (!own_.empty()) {
            out << "\nOptions:\n";
            for (const spec& s : own_)
                row(s.metavar.empty() ? s.name : s.name + " " + s.metavar, s.help);
        }
        const bool events_taken = find(own_, "--events") != nullptr;
        out << "\nConnection:\n";
        row("--demo", "use the built-in simulated Asterisk (no server needed)");
        row("--host HOST", "Asterisk's address (default 127.0.0.1)");
        row("--port PORT", "its AMI port (default 5038; with --demo: where the simulated one");
        row("", "listens, so that other programs can use it too)");
        row("--user USER", "a [user] of manager.conf");
        row("--secret SECRET", "that user's secret");
        row("--md5", "log in by MD5 challenge/response: the secret never crosses the wire");
        row("", "(the default)");
        row("--plain", "log in with the secret in plain text");
        row(events_taken ? "--event-mask MASK" : "--events MASK",
            "events this session gets: on, off, or classes such as call,system");
        row("", "(default on)");
        out << "\nEnvironment:\n";
        row("AMI_URL", "ami://user:secret@host:5038 in place of --host/--port/--user/--secret");
        out << "\nExit codes: 0 ok, 1 action failed, 2 usage error, 3 connection or login "
               "failure\n";
        if (!examples_.empty()) {
            out << "\nExamples:\n";
            for (const std::string& e : examples_)
                out << "  " << e << "\n";
        }
    }

    std::string program_;
    std::string synopsis_;
    std::string description_;
    std::vector<spec> own_;
    std::vector<std::string> examples_;
};

} // namespace examples

#endif // AMICPP_EXAMPLES_COMMON_OPTIONS_HPP
