// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// Replays every live capture of a real Asterisk 22 into amicpp::live::state: loaded from the
// capture's init-* lists, then fed the events, it must end equal to the capture's final-* lists.
#include "capture.hpp"
#include "compare.hpp"

#include "support/catch.hpp"

#include <string>

namespace {

using amicpp_test::compare_options;
using amicpp_test::differences;
using amicpp_test::replay;

std::vector<std::string> replay_differences(const std::string& name,
                                            const amicpp_test::replay_options& ro = {},
                                            compare_options co = {}) {
    amicpp::live::state model({{"MYVAR", "INHERITED"}, true});
    amicpp::live::state truth;
    replay(name, model, truth, ro);
    return differences(*model.snapshot(), *truth.snapshot(), co);
}

void check(const std::string& name, compare_options co = {}) {
    const auto diffs = replay_differences(name, {}, co);
    INFO(name);
    for (const auto& d : diffs)
        UNSCOPED_INFO(d);
    CHECK(diffs.empty());
}

} // namespace

TEST_CASE("replay: each capture ends equal to its final lists", "[live][replay]") {
    const char* names[] = {
        "01_simple_call.txt",
        "02_bridged_call.txt",
        "03_local_optimization.txt",
        "04_iax2_call.txt",
        "05_queue.txt",
        "06_transfers.txt",
        "07_parking.txt",
        "08_device_hint_states.txt",
        "09_mailbox.txt",
        "10_many_calls.txt",
        "11_snapshot_race.txt",
        "12_callerid_vars.txt",
        "13_events_gap.txt",
        "14_ami_bridge.txt",
    };
    for (const char* n : names) {
        SECTION(n) {
            check(n);
        }
    }
}

TEST_CASE("replay: the comparison sees what the lists say", "[live][replay]") {
    // The truth is not empty: 07 ends with 10 channels, 3 bridges and one parked call.
    amicpp::live::state model;
    amicpp::live::state truth;
    replay("07_parking.txt", model, truth);
    const auto t = truth.snapshot();
    CHECK(t->channels().size() == 10);
    CHECK(t->bridges().size() == 3);
    CHECK(t->parked_calls().size() == 1);
    CHECK(t->calls().size() == 4);
    CHECK(t->find_mailbox("1234@default") != nullptr);
    CHECK(t->find_device("Custom:101") != nullptr);
    CHECK(t->status(amicpp::live::part::channels).loads == 1);
}

TEST_CASE("replay: without its resync lists the gap capture does not converge", "[live][replay]") {
    // Events sent while the observer had `Events: off` are lost (capture README point 4): only
    // the resync-* lists bring the truth back.
    amicpp_test::replay_options only_init;
    only_init.model_loads = {"init-"};
    const auto diffs = replay_differences("13_events_gap.txt", only_init);
    CHECK_FALSE(diffs.empty());
}

TEST_CASE("replay: the resync of the gap capture is counted as drift", "[live][replay]") {
    amicpp::live::state model;
    amicpp::live::state truth;
    replay("13_events_gap.txt", model, truth);
    CHECK(model.status(amicpp::live::part::channels).loads == 2);
    CHECK(model.drift() > 0);
    CHECK(model.status(amicpp::live::part::channels).drift > 0);
    CHECK(model.status(amicpp::live::part::queues).drift > 0); // QueueAdd 'Gap' while deaf
}

TEST_CASE("replay: events alone, without any list, end right for calls made during the capture",
          "[live][replay]") {
    // 01 starts and ends with no channel: events alone must do it.
    amicpp_test::replay_options none;
    none.model_loads = {};
    amicpp::live::state model;
    amicpp::live::state truth;
    replay("01_simple_call.txt", model, truth, none);
    CHECK(model.channel_count() == 0);
    CHECK(model.call_count() == 0);
    CHECK(model.events_applied() > 20);
}
