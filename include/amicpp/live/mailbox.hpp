// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_MAILBOX_HPP
#define AMICPP_LIVE_MAILBOX_HPP

/// @file
/// @brief `amicpp::live::mailbox`: message counts of one voicemail box.

#include <cstdint>
#include <string>

namespace amicpp::live {

/// @brief A mailbox, keyed by `mailbox` = `box@context`.
struct mailbox {
    std::string mailbox;         ///< `Mailbox`, e.g. `1234@default`
    int new_messages = 0;        ///< `New` / `NewMessages`
    int old_messages = 0;        ///< `Old` / `OldMessages`
    std::uint64_t event_seq = 0; ///< sequence number of the last event or list item about it
};

} // namespace amicpp::live

#endif // AMICPP_LIVE_MAILBOX_HPP
