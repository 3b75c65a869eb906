// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Parser throughput on a realistic AMI stream, beside a bare memchr('\n') scan of the same bytes.
//
//   cmake --workflow --preset bench && ./build/bench/bench/parser_bench [MiB] [runs]
#include "alloc_counter.hpp"

#include <amicpp/parser.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

// Traffic shaped like a busy PBX: call events dominate, with responses, list items and CLI
// output mixed in. Values vary so no line is a copy of the one before.
std::string make_stream(std::size_t target_bytes, std::size_t& messages) {
    std::string s = "Asterisk Call Manager/11.0.0\r\n";
    messages = 1;
    s.reserve(target_bytes + 4096);
    unsigned long n = 0;
    char buf[2048];
    while (s.size() < target_bytes) {
        ++n;
        const unsigned long id = 1795894000UL + n;
        int len = std::snprintf(
            buf, sizeof buf,
            "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/%lu-%08lx\r\n"
            "ChannelState: 0\r\nChannelStateDesc: Down\r\nCallerIDNum: %lu\r\n"
            "CallerIDName: Agent %lu\r\nConnectedLineNum: <unknown>\r\n"
            "ConnectedLineName: <unknown>\r\nLanguage: en\r\nAccountCode: \r\n"
            "Context: from-internal\r\nExten: %lu\r\nPriority: 1\r\nUniqueid: %lu.%lu\r\n"
            "Linkedid: %lu.%lu\r\n\r\n"
            "Event: Newstate\r\nPrivilege: call,all\r\nChannel: PJSIP/%lu-%08lx\r\n"
            "ChannelState: 5\r\nChannelStateDesc: Ringing\r\nUniqueid: %lu.%lu\r\n\r\n"
            "Event: VarSet\r\nPrivilege: dialplan,all\r\nChannel: PJSIP/%lu-%08lx\r\n"
            "Variable: DIALSTATUS\r\nValue: ANSWER\r\nUniqueid: %lu.%lu\r\n\r\n"
            "Event: DialBegin\r\nPrivilege: call,all\r\nChannel: PJSIP/%lu-%08lx\r\n"
            "DestChannel: PJSIP/%lu-%08lx\r\nDestCallerIDNum: %lu\r\nDialString: %lu\r\n"
            "Uniqueid: %lu.%lu\r\nDestUniqueid: %lu.%lu\r\n\r\n"
            "Response: Success\r\nActionID: amicpp-5f1e-%lu\r\nPing: Pong\r\n"
            "Timestamp: %lu.123456\r\n\r\n"
            "Event: CoreShowChannel\r\nActionID: amicpp-5f1e-%lu\r\nChannel: PJSIP/%lu-%08lx\r\n"
            "ChannelState: 6\r\nChannelStateDesc: Up\r\nApplication: Dial\r\n"
            "ApplicationData: PJSIP/%lu,30\r\nDuration: 00:01:%02lu\r\nBridgeId: \r\n\r\n"
            "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/%lu-%08lx\r\n"
            "Uniqueid: %lu.%lu\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n\r\n",
            n % 900 + 100, n, n % 900 + 100, n % 900 + 100, n % 90 + 200, id, n, id, n,
            n % 900 + 100, n, id, n, n % 900 + 100, n, id, n, n % 900 + 100, n, n % 90 + 200, n + 1,
            n % 90 + 200, n % 90 + 200, id, n, id, n + 1, n, id, n, n % 900 + 100, n, n % 90 + 200,
            n % 60, n % 900 + 100, n, id, n);
        s.append(buf, static_cast<std::size_t>(len));
        messages += 7;
        if (n % 16 == 0) {
            len = std::snprintf(buf, sizeof buf,
                                "Response: Success\r\nActionID: amicpp-5f1e-c%lu\r\n"
                                "Message: Command output follows\r\n"
                                "Output: Channel              Location             State   "
                                "Application(Data)\r\n"
                                "Output: PJSIP/%lu-%08lx    %lu@from-internal:1  Up      "
                                "Dial(PJSIP/%lu,30)\r\n"
                                "Output: %lu active channels\r\nOutput: %lu active calls\r\n"
                                "Output: %lu calls processed\r\n\r\n",
                                n, n % 900 + 100, n, n % 90 + 200, n % 90 + 200, n % 50, n % 25, n);
            s.append(buf, static_cast<std::size_t>(len));
            ++messages;
        }
    }
    return s;
}

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct figures {
    double seconds = 0;
    std::size_t messages = 0;
    std::size_t allocations = 0;
};

// Feeds the stream in socket-sized chunks through prepare/commit, as the connection does.
// `keep`: every message is moved into a queue drained every 1024 messages, as the connection's
// event queue is (each message then gets fresh storage); otherwise one message object is reused.
figures parse_once(const std::string& stream, bool keep) {
    constexpr std::size_t chunk = 64 * 1024;
    amicpp::parser p;
    amicpp::message m;
    std::vector<amicpp::message> queue; // what an event queue holds between two drains
    queue.reserve(1024);
    std::error_code ec;
    figures f;
    const std::size_t alloc_before = amicpp_bench::allocations.load();
    const auto t0 = clock_type::now();
    for (std::size_t off = 0; off < stream.size(); off += chunk) {
        const std::size_t n = std::min(chunk, stream.size() - off);
        std::memcpy(p.prepare(n), stream.data() + off, n);
        p.commit(n);
        while (p.next(m, ec)) {
            if (ec) {
                std::fprintf(stderr, "parse error: %s\n", ec.message().c_str());
                std::exit(1);
            }
            if (keep) {
                if (queue.size() == queue.capacity())
                    queue.clear();
                queue.push_back(std::move(m));
                m = amicpp::message();
            }
            ++f.messages;
        }
    }
    f.seconds = seconds_since(t0);
    f.allocations = amicpp_bench::allocations.load() - alloc_before;
    return f;
}

double scan_once(const std::string& stream) {
    const auto t0 = clock_type::now();
    std::size_t lines = 0;
    const char* p = stream.data();
    const char* const end = p + stream.size();
    while (const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
        ++lines;
        p = static_cast<const char*>(hit) + 1;
    }
    const double s = seconds_since(t0);
    if (lines == 0)
        std::exit(1);
    return s;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t mib = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 64;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    std::size_t expected = 0;
    const std::string stream = make_stream(mib * 1024 * 1024, expected);
    const double mb = static_cast<double>(stream.size()) / 1e6;

    std::vector<double> scan_times;
    for (int run = 0; run < runs; ++run)
        scan_times.push_back(scan_once(stream));
    const double scan_s = median(scan_times);
    std::printf("stream:          %.1f MiB, %zu messages (%.0f bytes/message), %d runs, medians\n",
                static_cast<double>(stream.size()) / (1024.0 * 1024.0), expected,
                static_cast<double>(stream.size()) / static_cast<double>(expected), runs);
    std::printf("memchr('\\n'):    %.0f MB/s\n", mb / scan_s);

    for (const bool keep : {false, true}) {
        std::vector<double> times;
        figures f;
        for (int run = 0; run < runs; ++run) {
            f = parse_once(stream, keep);
            times.push_back(f.seconds);
        }
        if (f.messages != expected) {
            std::fprintf(stderr, "expected %zu messages, parsed %zu\n", expected, f.messages);
            return 1;
        }
        const double s = median(times);
        std::printf("%s %.0f MB/s, %.2f M messages/s, %.3f allocations/message, %.1f%% of "
                    "memchr\n",
                    keep ? "parse+keep each:" : "parse (reuse):  ", mb / s,
                    static_cast<double>(f.messages) / s / 1e6,
                    static_cast<double>(f.allocations) / static_cast<double>(f.messages),
                    100.0 * scan_s / s);
    }
    return 0;
}
