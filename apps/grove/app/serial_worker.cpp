#include "serial_worker.h"

namespace grove::app {

SerialWorker::SerialWorker(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1);
}

SerialWorker::~SerialWorker() {
    pool_.clear();
    pool_.waitForDone();
}

void SerialWorker::waitForIdle() { pool_.waitForDone(); }

void SerialWorker::begin() {
    if (pending_++ == 0) emit busyChanged();
}

void SerialWorker::end() {
    if (--pending_ == 0) emit busyChanged();
}

}  // namespace grove::app
