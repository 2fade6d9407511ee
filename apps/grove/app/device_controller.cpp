#include "device_controller.h"

#include <QDateTime>
#include <QQmlEngine>
#include <algorithm>

#include "error_text.h"

namespace grove::app {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

}  // namespace

DeviceController::DeviceController(AccountController* account, QObject* parent)
    : QObject(parent), account_(account) {
    QQmlEngine::setObjectOwnership(&model_, QQmlEngine::CppOwnership);
}

void DeviceController::attach(platform::Peer* peer, platform::net::PeerNode* node,
                              SerialWorker* worker, SerialWorker* netWorker, Network network) {
    peer_ = peer;
    node_ = node;
    worker_ = worker;
    netWorker_ = netWorker;
    network_ = std::move(network);
}

QString DeviceController::unavailableReason(const QString& feature) const {
    return network_.unavailableReason ? network_.unavailableReason(feature) : QString();
}

void DeviceController::refreshDevices() {
    if (!peer_ || account_->state() != AccountController::Unlocked) return model_.clear();
    auto list = peer_->list_devices();
    if (!list) return model_.setError(userMessage(Action::ListDevices, list.error()));
    std::vector<DeviceListModel::Row> rows;
    for (const auto& d : *list)
        rows.push_back({qs(d.device_id), d.this_device, d.revoked, d.issued_ms,
                        static_cast<int>(d.spaces.size())});
    model_.setDevices(std::move(rows));
}

void DeviceController::clear() {
    model_.clear();
}

void DeviceController::revokeDevice(const QString& deviceId) {
    if (revokingDevice_ || !peer_) return;
    const DeviceListModel::Row* row = model_.find(deviceId);
    if (row && row->thisDevice)
        return emit deviceRevokeFinished(
            false, QStringLiteral("This is the device you're using: revoke it from another one."));
    revokingDevice_ = true;
    emit revokingDeviceChanged();
    worker_->run([peer = peer_, id = deviceId.toStdString()] { return peer->revoke_device(id); },
                 [this](Result<void> result) {
                     revokingDevice_ = false;
                     emit revokingDeviceChanged();
                     refreshDevices();
                     emit spacesChanged();
                     if (!result)
                         return emit deviceRevokeFinished(
                             false, userMessage(Action::RevokeDevice, result.error()));
                     emit deviceRevokeFinished(true, {});
                 });
}

void DeviceController::createPairing() {
    if (creatingPairing_) return;
    if (!peer_) return emit pairingFinished(false, QStringLiteral("Grove hasn't started."));
    const QString reason = unavailableReason(QStringLiteral("pairing"));
    if (!reason.isEmpty()) return emit pairingFinished(false, reason);
    const QStringList addresses =
        network_.directAddresses ? network_.directAddresses() : QStringList();
    std::vector<std::string> list;
    for (const QString& a : addresses) list.push_back(a.toStdString());
    const qint64 expires = QDateTime::currentMSecsSinceEpoch() + qint64(kPairingMinutes) * 60000;
    creatingPairing_ = true;
    emit creatingPairingChanged();
    worker_->run([peer = peer_, expires,
                  list = std::move(list)] { return peer->create_pairing(expires, list); },
                 [this, expires, addresses](Result<std::string> code) {
                     creatingPairing_ = false;
                     emit creatingPairingChanged();
                     if (!code)
                         return emit pairingFinished(
                             false, userMessage(Action::CreatePairing, code.error()));
                     pairingCode_ = qs(*code);
                     pairingExpiresMs_ = expires;
                     pairingAddresses_ = addresses;
                     emit pairingCodeChanged();
                     emit pairingFinished(true, {});
                 });
}

void DeviceController::pairDevice(const QString& code, const QString& passphrase) {
    if (pairingDevice_) return;
    const QString reason = unavailableReason(QStringLiteral("pairDevice"));
    if (!reason.isEmpty()) return emit pairDeviceFinished(false, reason);
    if (!node_) return emit pairDeviceFinished(false, QStringLiteral("Networking hasn't started."));
    const QString clean = code.simplified().remove(QLatin1Char(' '));
    if (clean.isEmpty())
        return emit pairDeviceFinished(false, QStringLiteral("Paste the pairing code first."));
    if (account_->state() != AccountController::NoAccount)
        return emit pairDeviceFinished(
            false, QStringLiteral("This profile already has an account: a device can only be "
                                  "linked into a new, empty profile."));
    if (passphrase.size() < account_->minPassphraseLength())
        return emit pairDeviceFinished(false,
                                       QStringLiteral("Use a passphrase of at least %1 characters.")
                                           .arg(account_->minPassphraseLength()));
    pairingDevice_ = true;
    emit pairingDeviceChanged();
    netWorker_->run(
        [node = node_, c = clean.toStdString(), p = passphrase.toStdString()]() mutable {
            auto paired = node->pair(c, p);
            std::fill(p.begin(), p.end(), '\0');
            return paired;
        },
        [this](Result<platform::AccountInfo> result) {
            pairingDevice_ = false;
            emit pairingDeviceChanged();
            if (!result)
                return emit pairDeviceFinished(false,
                                               userMessage(Action::PairDevice, result.error()));
            account_->adopt(*result);  // → Unlocked → the spaces load
            emit paired();
            emit pairDeviceFinished(true, {});
        });
}

}  // namespace grove::app
