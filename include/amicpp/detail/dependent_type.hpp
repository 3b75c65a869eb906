// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_DETAIL_DEPENDENT_TYPE_HPP
#define AMICPP_DETAIL_DEPENDENT_TYPE_HPP

namespace amicpp::detail {

template <class Dependent, class T>
struct dependent_identity {
    using type = T;
};

// `T`, spelled so that it depends on `Dependent`. A class template's member of a type that does
// not depend on its parameters is instantiated where the template is defined, in every
// translation unit that includes it; a dependent one only where the class is used.
template <class Dependent, class T>
using dependent_type = typename dependent_identity<Dependent, T>::type;

} // namespace amicpp::detail

#endif // AMICPP_DETAIL_DEPENDENT_TYPE_HPP
