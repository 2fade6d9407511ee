// FlatMap: a small map kept as one sorted vector of (key, value) pairs — a record's dozen values
// without a heap node each (a std::map node costs 48 bytes more per value than a vector slot).
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace grove::tools::forms {

template <class V>
class FlatMap {
public:
    using value_type = std::pair<std::string, V>;
    using const_iterator = typename std::vector<value_type>::const_iterator;
    using iterator = typename std::vector<value_type>::iterator;

    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    iterator begin() { return items_.begin(); }
    iterator end() { return items_.end(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    void clear() { items_.clear(); }
    void reserve(std::size_t count) { items_.reserve(count); }

    const_iterator find(const std::string& key) const {
        auto at = lower(key);
        return at != items_.end() && at->first == key ? at : items_.end();
    }
    std::size_t count(const std::string& key) const { return find(key) == end() ? 0 : 1; }
    // The value under `key`, made from `args` when there is none; whether it was made.
    template <class... Args>
    std::pair<iterator, bool> try_emplace(const std::string& key, Args&&... args) {
        auto at = lower(key);
        if (at != items_.end() && at->first == key) return {at, false};
        at = items_.emplace(at, std::piecewise_construct, std::forward_as_tuple(key),
                            std::forward_as_tuple(std::forward<Args>(args)...));
        return {at, true};
    }
    void insert_or_assign(const std::string& key, V value) {
        auto [at, made] = try_emplace(key, std::move(value));
        if (!made) at->second = std::move(value);
    }

    friend bool operator==(const FlatMap& a, const FlatMap& b) { return a.items_ == b.items_; }

private:
    const_iterator lower(const std::string& key) const {
        return std::lower_bound(
            items_.begin(), items_.end(), key,
            [](const value_type& item, const std::string& k) { return item.first < k; });
    }
    iterator lower(const std::string& key) {
        return std::lower_bound(
            items_.begin(), items_.end(), key,
            [](const value_type& item, const std::string& k) { return item.first < k; });
    }

    std::vector<value_type> items_;
};

}  // namespace grove::tools::forms
