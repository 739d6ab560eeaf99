// A stable sort for the short lists the core and the widget order (an event's sessions, an
// outbox's due entries). Standard library only.
#pragma once
#include <algorithm>

namespace deltag {

// Insertion sort: stable, and a few dozen bytes of code per element type, where each
// std::stable_sort instantiation brings its merge machinery (~3.5 KB of wasm per call site).
// Quadratic: only for lists of at most a few hundred elements.
template <class RandomIt, class Less>
void stable_sort_small(RandomIt first, RandomIt last, Less less) {
    for (RandomIt i = first; i != last; ++i)
        for (RandomIt j = i; j != first && less(*j, *(j - 1)); --j)
            std::iter_swap(j, j - 1);
}

} // namespace deltag
