// SerialWorker: runs blocking Peer calls one at a time on a background thread and hands each
// result back on the GUI thread, so key derivation or disk writes never freeze the window.
#pragma once

#include <QObject>
#include <QThreadPool>

#include <utility>

namespace grove::app {

class SerialWorker : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)

public:
    explicit SerialWorker(QObject* parent = nullptr);
    // Drops queued work, waits for the running call: declare it after what the work touches.
    ~SerialWorker() override;

    bool busy() const { return pending_ > 0; }

    // Runs `work()` in submission order off the GUI thread, then `done(result)` on this object's
    // thread. `done` is dropped if the worker is destroyed first.
    template <class Work, class Done>
    void run(Work work, Done done) {
        begin();
        pool_.start([this, work = std::move(work), done = std::move(done)]() mutable {
            auto result = work();
            QMetaObject::invokeMethod(
                this,
                [this, done = std::move(done), result = std::move(result)]() mutable {
                    done(std::move(result));
                    end();
                },
                Qt::QueuedConnection);
        });
    }

    // Blocks until everything submitted so far has run (tests and shutdown).
    void waitForIdle();

signals:
    void busyChanged();

private:
    void begin();
    void end();

    QThreadPool pool_;
    int pending_ = 0;
};

}  // namespace grove::app
