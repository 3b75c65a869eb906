// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
//
// extract_snippets README.md out17.cpp out20.cpp: every ```cpp block of the README becomes code
// that runs against amicpp::testing::server (tests/readme/harness.hpp), so that the README cannot
// rot. Blocks that use coroutines go to out20.cpp (built only where Asio has co_await), the others
// to out17.cpp (C++17). The conventions, also written in the README's "Contributing" section:
//
// - A block with `int main(` is a program: it is compiled as it is (its `main` renamed; `main`
//   must be its last function) and must return 0 by itself.
// - Any other block is a fragment: statements run inside a main of the harness, where `io` (an
//   asio::io_context) and `handler` (a connect handler that checks success) exist unless the
//   fragment declares them. A fragment that names `ami` is given time to log in, then `ami` is
//   stopped and `io` run until it has no work left.
// - `<!-- readme-test: program -->` or `<!-- readme-test: fragment -->` on the line before the
//   fence decides instead; `<!-- readme-test: skip -->` leaves a block out (say why next to it).
// - In every block, "pbx.example.com" becomes "127.0.0.1", "5038" the simulated server's port,
//   "5039" the simulated TLS server's port and "/etc/asterisk/keys/ca.crt" a file holding the
//   authority of its certificate; its user is `admin` with secret `secret`.
// - `#include` lines move to the top of the generated file; `#line` keeps README.md's line
//   numbers in compiler errors.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct snippet {
    std::size_t line = 0; // of the first code line in README.md
    std::string kind;     // program, fragment
    std::vector<std::string> code;
    bool cpp20 = false;
};

bool contains(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// True when `text` has `name` as a whole identifier.
bool has_identifier(const std::string& text, const std::string& name) {
    const auto is_id = [](char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
    };
    for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
        const bool left = at == 0 || !is_id(text[at - 1]);
        const bool right = at + name.size() == text.size() || !is_id(text[at + name.size()]);
        if (left && right)
            return true;
    }
    return false;
}

std::string substitute(std::string line) {
    replace_all(line, "\"pbx.example.com\"", "\"127.0.0.1\"");
    replace_all(line, "\"5038\"", "amicpp_readme::port()");
    replace_all(line, "\"5039\"", "amicpp_readme::tls_port()");
    replace_all(line, "\"/etc/asterisk/keys/ca.crt\"", "amicpp_readme::ca_file()");
    return line;
}

std::vector<snippet> read_snippets(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::vector<snippet> out;
    std::string line, marker;
    std::size_t number = 0;
    bool inside = false;
    snippet current;
    while (std::getline(in, line)) {
        ++number;
        const std::string t = trim(line);
        if (!inside) {
            if (t == "```cpp" || t == "```c++") {
                inside = true;
                current = snippet{};
                current.line = number + 1;
                current.kind = marker;
            } else if (t.rfind("<!-- readme-test:", 0) == 0) {
                marker = trim(t.substr(17, t.find("-->") - 17));
                continue;
            }
            if (!t.empty())
                marker.clear();
            continue;
        }
        if (t == "```") {
            inside = false;
            marker.clear();
            std::string all;
            for (const auto& l : current.code)
                all += l + '\n';
            if (current.kind.rfind("skip", 0) == 0)
                continue;
            if (current.kind.empty())
                current.kind = contains(all, "int main(") ? "program" : "fragment";
            if (current.kind != "program" && current.kind != "fragment")
                throw std::runtime_error(path + ":" + std::to_string(current.line - 1) +
                                         ": unknown readme-test marker '" + current.kind + "'");
            current.cpp20 = contains(all, "co_await") || contains(all, "awaitable");
            out.push_back(std::move(current));
            continue;
        }
        current.code.push_back(line);
    }
    if (inside)
        throw std::runtime_error(path + ": a ```cpp block is not closed");
    return out;
}

void write(const std::string& path, const std::string& readme, const std::vector<snippet>& all,
           bool cpp20) {
    std::ostringstream body, includes;
    std::set<std::string> seen_includes;
    std::vector<const snippet*> chosen;
    for (const snippet& s : all) {
        if (s.cpp20 == cpp20)
            chosen.push_back(&s);
    }
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const snippet& s = *chosen[i];
        std::string code;
        std::vector<std::string> lines;
        for (const std::string& l : s.code) {
            if (trim(l).rfind("#include", 0) == 0) {
                if (seen_includes.insert(trim(l)).second)
                    includes << trim(l) << '\n';
                lines.emplace_back(); // keeps the line numbers
            } else {
                lines.push_back(substitute(l));
            }
        }
        for (const auto& l : lines)
            code += l + '\n';
        body << "\nnamespace readme_snippet_" << i + 1 << " {\n";
        if (s.kind == "program") {
            replace_all(code, "int main(", "int readme_main(");
            const auto last = code.rfind('}');
            if (last == std::string::npos)
                throw std::runtime_error(readme + ":" + std::to_string(s.line) + ": no main body");
            code.insert(last, "return 0; "); // main may end without return; readme_main not
            body << "#line " << s.line << " \"" << readme << "\"\n" << code;
        } else {
            const bool own_io = contains(code, "io_context io");
            const bool wants_handler =
                has_identifier(code, "handler") && !contains(code, "auto handler");
            body << "int readme_main() {\n";
            if (!own_io)
                body << "    asio::io_context io;\n";
            if (wants_handler)
                body << "    amicpp_readme::connect_handler handler;\n";
            body << "    {\n#line " << s.line << " \"" << readme << "\"\n" << code;
            body << "        amicpp_readme::finish(io";
            if (has_identifier(code, "ami"))
                body << ", ami";
            body << ");\n    }\n";
            if (!has_identifier(code, "io"))
                body << "    (void)io;\n";
            body << "    return amicpp_readme::result(" << (wants_handler ? "handler" : "")
                 << ");\n}\n";
        }
        body << "} // namespace readme_snippet_" << i + 1 << '\n';
    }
    std::ostringstream out;
    out << "// Generated from " << readme << " by tests/readme/extract_snippets.cpp: do not edit.\n"
        << "#include \"readme/harness.hpp\"\n"
        << includes.str() << body.str() << "\nint main(int argc, char** argv) {\n"
        << "    static const amicpp_readme::snippet all[] = {\n";
    for (std::size_t i = 0; i < chosen.size(); ++i)
        out << "        {" << chosen[i]->line << ", \"" << chosen[i]->kind << "\", &readme_snippet_"
            << i + 1 << "::readme_main},\n";
    out << "        {0, nullptr, nullptr}};\n"
        << "    return amicpp_readme::run_all(\"" << readme << "\", all, argc, argv);\n}\n";
    const std::string text = out.str();
    // Unchanged output keeps its time stamp: nothing is rebuilt for a README edit elsewhere.
    std::ifstream old(path, std::ios::binary);
    std::ostringstream previous;
    previous << old.rdbuf();
    if (old && previous.str() == text)
        return;
    old.close();
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file)
        throw std::runtime_error("cannot write " + path);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: extract_snippets README.md out17.cpp out20.cpp\n";
        return 2;
    }
    try {
        const std::vector<snippet> all = read_snippets(argv[1]);
        if (all.empty())
            throw std::runtime_error(std::string(argv[1]) + ": no ```cpp block found");
        write(argv[2], argv[1], all, false);
        write(argv[3], argv[1], all, true);
    } catch (const std::exception& e) {
        std::cerr << "extract_snippets: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
