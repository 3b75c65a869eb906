// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_ALL_HPP
#define AMICPP_EVENTS_ALL_HPP

/// @file
/// @brief Every hand-written typed event view (`amicpp::events::*`), `field`, the map-like
/// `variable_view`, `is`/`as`, and the typed `subscribe`.

#include <amicpp/events/bridge.hpp>
#include <amicpp/events/channel.hpp>
#include <amicpp/events/field.hpp>
#include <amicpp/events/originate_response.hpp>
#include <amicpp/events/state.hpp>
#include <amicpp/events/subscribe.hpp>
#include <amicpp/events/system.hpp>
#include <amicpp/events/view.hpp>

#endif // AMICPP_EVENTS_ALL_HPP
