// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// The per-thread cache of message blocks (detail/message_memory.hpp). Built twice: as is, and
// with AMICPP_NO_MESSAGE_CACHE (test_message_memory_off), where nothing may be kept.
#include "support/allocation_counter.hpp"
#include "support/catch.hpp"

#include <amicpp/detail/message_memory.hpp>
#include <amicpp/message.hpp>
#include <amicpp/parser.hpp>

#include <string>
#include <thread>
#include <vector>

using amicpp::message;
namespace memory = amicpp::detail;

namespace {

#if defined(AMICPP_NO_MESSAGE_CACHE)
constexpr bool cache_on = false;
#else
constexpr bool cache_on = true;
#endif

const std::string event_wire =
    "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/100-1\r\n"
    "ChannelState: 0\r\nCallerIDNum: 100\r\nUniqueid: 1.1\r\n\r\n";

// `n` parsed copies of event_wire, each in its own block.
std::vector<message> parse_events(std::size_t n) {
    amicpp::parser p(amicpp::parser_options{{}, false});
    std::string wire;
    for (std::size_t i = 0; i < n; ++i)
        wire += event_wire;
    p.feed(wire);
    std::vector<message> out(n);
    std::error_code ec;
    for (message& m : out) {
        REQUIRE(p.next(m, ec));
        REQUIRE_FALSE(ec);
    }
    return out;
}

} // namespace

TEST_CASE("message memory: a freed block serves the thread's next message of its size",
          "[message][memory]") {
    std::vector<message> first = parse_events(8);
    const std::size_t block = first.front().storage_size();
    const std::size_t kept_before = memory::message_blocks_kept();
    first.clear();
    const std::size_t kept_after = memory::message_blocks_kept();
    if (!cache_on) {
        CHECK(kept_after == 0);
        return;
    }
    CHECK(kept_after == kept_before + 8 * block);
    CHECK(block % memory::message_block_lists::granule == 0); // the whole class is usable

    amicpp::parser p(amicpp::parser_options{{}, false});
    p.feed(event_wire + event_wire);
    message warm, again; // the first also makes the parser's own buffers
    std::error_code ec;
    REQUIRE(p.next(warm, ec));
    namespace counter = amicpp_test::allocations;
    std::size_t allocations = 0;
    {
        const counter::scope count;
        REQUIRE(p.next(again, ec));
        allocations = count.count();
    }
    CHECK(again.get("Uniqueid") == "1.1");
    CHECK(memory::message_blocks_kept() == kept_after - 2 * block);
    if (counter::available)
        CHECK(allocations == 0);
}

TEST_CASE("message memory: a thread keeps at most its limit, the rest goes back to the heap",
          "[message][memory]") {
    const std::size_t block = parse_events(1).front().storage_size();
    const std::size_t n = 2 * memory::message_block_lists::max_bytes / block + 16;
    std::vector<message> many = parse_events(n);
    many.clear();
    const std::size_t kept = memory::message_blocks_kept();
    CHECK(kept <= memory::message_block_lists::max_bytes);
    if (cache_on)
        CHECK(kept > memory::message_block_lists::max_bytes - block);
    else
        CHECK(kept == 0);
}

TEST_CASE("message memory: large blocks are never kept; grown and copied messages stay whole",
          "[message][memory]") {
    const std::size_t kept = memory::message_blocks_kept();
    {
        message big = message::event("Big");
        big.add("Data", std::string(4096, 'x'));
        CHECK(big.storage_size() > 2048);
    }
    CHECK(memory::message_blocks_kept() <= kept + 2048); // only the blocks it grew out of

    message m = message::action("Originate");
    for (int i = 0; i < 40; ++i) // grows through several size classes, freeing each old block
        m.add("Variable", "v" + std::to_string(i));
    const message copy = m;
    std::vector<message> reuse = parse_events(16); // takes the blocks m grew out of
    CHECK(copy == m);
    CHECK(m.all("Variable").size() == 40);
    CHECK(reuse.back().get("Channel") == "PJSIP/100-1");
}

TEST_CASE("message memory: a thread that frees messages and exits gives its blocks back",
          "[message][memory]") {
    // Under LeakSanitizer a block left in an exited thread's lists is reported as a leak.
    std::vector<message> made = parse_events(64);
    std::size_t kept_there = 0, kept_after_own = 0;
    std::thread t([&] { // no Catch assertions off the main thread
        made.clear();   // another thread's messages, kept by this one
        kept_there = memory::message_blocks_kept();
        amicpp::parser p(amicpp::parser_options{{}, false});
        p.feed(event_wire);
        message own; // served from what it kept
        std::error_code ec;
        p.next(own, ec);
        kept_after_own = memory::message_blocks_kept();
    });
    t.join();
    if (cache_on) {
        CHECK(kept_there > 0);
        CHECK(kept_after_own < kept_there);
    } else {
        CHECK(kept_there == 0);
    }
}
