// DeviceController: this account's devices behind QML — the list, revoking one, a one-time pairing
// code for a new device (shown here) and linking this empty profile to an account (done there).
// Every Peer call that writes runs on a worker; each action ends with `<action>Finished(ok,
// message)`.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <core/peer.h>
#include <net/peer_node.h>

#include <QObject>
#include <QStringList>
#include <functional>

#include "account_controller.h"
#include "device_list_model.h"
#include "serial_worker.h"

namespace grove::app {

class DeviceController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    Q_PROPERTY(grove::app::DeviceListModel* model READ model CONSTANT)
    Q_PROPERTY(bool revokingDevice READ revokingDevice NOTIFY revokingDeviceChanged)
    // A pairing code is being made (createPairing).
    Q_PROPERTY(bool creatingPairing READ creatingPairing NOTIFY creatingPairingChanged)
    // The last pairing code made here ("" before), when it stops working and where to dial.
    Q_PROPERTY(QString pairingCode READ pairingCode NOTIFY pairingCodeChanged)
    Q_PROPERTY(double pairingExpiresMs READ pairingExpiresMs NOTIFY pairingCodeChanged)
    Q_PROPERTY(QStringList pairingAddresses READ pairingAddresses NOTIFY pairingCodeChanged)
    // Linking this profile (no account yet) to an account on another device is under way.
    Q_PROPERTY(bool pairingDevice READ pairingDevice NOTIFY pairingDeviceChanged)

public:
    static constexpr int kPairingMinutes = 15;

    // What the devices need from the network: where a new device can dial this one directly,
    // and why a feature ("pairing", "pairDevice") is unavailable ("" when it is not).
    struct Network {
        std::function<QStringList()> directAddresses;
        std::function<QString(const QString&)> unavailableReason;
    };

    explicit DeviceController(AccountController* account, QObject* parent = nullptr);

    // `node` may be null (offline); the workers outlive this controller's use of them.
    void attach(platform::Peer* peer, platform::net::PeerNode* node, SerialWorker* worker,
                SerialWorker* netWorker, Network network);

    DeviceListModel* model() { return &model_; }
    bool revokingDevice() const { return revokingDevice_; }
    bool creatingPairing() const { return creatingPairing_; }
    QString pairingCode() const { return pairingCode_; }
    double pairingExpiresMs() const { return double(pairingExpiresMs_); }
    QStringList pairingAddresses() const { return pairingAddresses_; }
    bool pairingDevice() const { return pairingDevice_; }

    Q_INVOKABLE QString unavailableReason(const QString& feature) const;
    // Re-reads this account's devices (Settings opens Devices; after a revocation).
    Q_INVOKABLE void refreshDevices();
    // Empties the list (the account locked).
    void clear();
    // Revokes another device of this account in every space; ends with deviceRevokeFinished.
    Q_INVOKABLE void revokeDevice(const QString& deviceId);
    // A one-time pairing code for a new device of this account, valid kPairingMinutes; the new
    // device must reach this one directly. Ends with pairingFinished; the code is pairingCode.
    Q_INVOKABLE void createPairing();
    // The other side: makes this profile (no account yet) a device of the account that showed
    // `code`, protecting its keys here with `passphrase` (waiting up to 90 s for the other
    // device). Ends with pairDeviceFinished and, on success, the account unlocked.
    Q_INVOKABLE void pairDevice(const QString& code, const QString& passphrase);

signals:
    void revokingDeviceChanged();
    void deviceRevokeFinished(bool ok, const QString& message);
    void creatingPairingChanged();
    void pairingCodeChanged();
    void pairingFinished(bool ok, const QString& message);
    void pairingDeviceChanged();
    void pairDeviceFinished(bool ok, const QString& message);
    // The account's spaces changed under it (a revocation re-keyed them).
    void spacesChanged();
    // This profile became a device of an account (links worth reading again).
    void paired();

private:
    AccountController* account_;
    DeviceListModel model_;
    platform::Peer* peer_ = nullptr;
    platform::net::PeerNode* node_ = nullptr;
    SerialWorker* worker_ = nullptr;
    SerialWorker* netWorker_ = nullptr;
    Network network_;
    bool revokingDevice_ = false;
    bool creatingPairing_ = false;
    bool pairingDevice_ = false;
    QString pairingCode_;
    qint64 pairingExpiresMs_ = 0;
    QStringList pairingAddresses_;
};

}  // namespace grove::app
