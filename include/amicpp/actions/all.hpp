// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_ALL_HPP
#define AMICPP_ACTIONS_ALL_HPP

/// @file
/// @brief Every hand-written typed action (`amicpp::actions::*`) and its result type.

#include <amicpp/actions/bridge.hpp>
#include <amicpp/actions/channel.hpp>
#include <amicpp/actions/command.hpp>
#include <amicpp/actions/confbridge.hpp>
#include <amicpp/actions/core.hpp>
#include <amicpp/actions/db.hpp>
#include <amicpp/actions/event_control.hpp>
#include <amicpp/actions/extension_state.hpp>
#include <amicpp/actions/hangup.hpp>
#include <amicpp/actions/iax.hpp>
#include <amicpp/actions/login.hpp>
#include <amicpp/actions/logoff.hpp>
#include <amicpp/actions/mailbox.hpp>
#include <amicpp/actions/monitor.hpp>
#include <amicpp/actions/originate.hpp>
#include <amicpp/actions/park.hpp>
#include <amicpp/actions/ping.hpp>
#include <amicpp/actions/pjsip.hpp>
#include <amicpp/actions/queue.hpp>
#include <amicpp/actions/status.hpp>
#include <amicpp/actions/transfer.hpp>
#include <amicpp/actions/variables.hpp>

#endif // AMICPP_ACTIONS_ALL_HPP
