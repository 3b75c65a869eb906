// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_LIVE_ALL_HPP
#define AMICPP_LIVE_ALL_HPP

/// @file
/// @brief Everything of `amicpp::live` that needs no I/O: the entities, the changes, the
/// snapshot and the state model.

#include <amicpp/live/bridge.hpp>
#include <amicpp/live/call.hpp>
#include <amicpp/live/change.hpp>
#include <amicpp/live/channel.hpp>
#include <amicpp/live/clock.hpp>
#include <amicpp/live/device_state.hpp>
#include <amicpp/live/hint.hpp>
#include <amicpp/live/mailbox.hpp>
#include <amicpp/live/parked_call.hpp>
#include <amicpp/live/part.hpp>
#include <amicpp/live/queue.hpp>
#include <amicpp/live/snapshot.hpp>
#include <amicpp/live/state.hpp>

#endif // AMICPP_LIVE_ALL_HPP
