// KeyedListModel: a list model base whose rows have a unique key; setRows-style refreshes are
// applied as removals, moves, inserts and changes (never a reset), so views keep focus and scroll.
#pragma once

#include <QAbstractListModel>
#include <algorithm>
#include <vector>

namespace grove::app {

class KeyedListModel : public QAbstractListModel {
public:
    using QAbstractListModel::QAbstractListModel;

protected:
    // Makes `current` equal to `want` (rows with equal keys are the same row), signalling each
    // step. `key(row)` returns the row's key; rows compare with ==. Duplicate keys in `want`
    // keep their first row.
    template <class Row, class KeyFn>
    void applyRows(std::vector<Row>& current, std::vector<Row> want, KeyFn key) {
        for (std::size_t i = 0; i < want.size(); ++i)
            for (std::size_t j = want.size(); j-- > i + 1;)
                if (key(want[j]) == key(want[i])) want.erase(want.begin() + long(j));
        auto find = [&](const auto& k) {
            for (std::size_t i = 0; i < current.size(); ++i)
                if (key(current[i]) == k) return int(i);
            return -1;
        };
        for (int i = int(current.size()) - 1; i >= 0; --i) {
            const auto& k = key(current[std::size_t(i)]);
            if (std::any_of(want.begin(), want.end(), [&](const Row& r) { return key(r) == k; }))
                continue;
            beginRemoveRows({}, i, i);
            current.erase(current.begin() + i);
            endRemoveRows();
        }
        for (int i = 0; i < int(want.size()); ++i) {
            const Row& w = want[std::size_t(i)];
            const int at = find(key(w));
            if (at < 0) {
                beginInsertRows({}, i, i);
                current.insert(current.begin() + i, w);
                endInsertRows();
                continue;
            }
            if (at != i) {  // at > i: rows before i are in place
                beginMoveRows({}, at, at, {}, i);
                Row moved = std::move(current[std::size_t(at)]);
                current.erase(current.begin() + at);
                current.insert(current.begin() + i, std::move(moved));
                endMoveRows();
            }
            if (!(current[std::size_t(i)] == w)) {
                current[std::size_t(i)] = w;
                emit dataChanged(index(i), index(i));
            }
        }
    }
};

}  // namespace grove::app
