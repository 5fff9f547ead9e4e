#!/usr/bin/env bash
# Wrap a built bundle as a .deb: the program in /opt/edgestudio, `edgestudio` on the PATH,
# a menu entry and icon, and the kiosk's systemd user unit (disabled until a user enables it).
#   bash packaging/make_deb.sh dist/edgestudio dist
set -euo pipefail
bundle=$(realpath "$1")
out=$(realpath "${2:-dist}")
root=$(cd "$(dirname "$0")/.." && pwd)
version=$("$bundle/edgestudio" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
exec_path=/opt/edgestudio/edgestudio

mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/lib/systemd/user" \
    "$stage/usr/share/doc/edgestudio"
cp -a "$bundle" "$stage/opt/edgestudio"
ln -s "$exec_path" "$stage/usr/bin/edgestudio"
render() {  # the kiosk templates use ${exec}, ${watchdog_sec}, ${start_timeout_sec}
    sed -e "s|\${exec}|$exec_path|g" -e 's|\${watchdog_sec}|30|g' -e 's|\${start_timeout_sec}|180|g' \
        -e 's|Written by edgestudio kiosk install|Installed by the edgestudio package|' "$1"
}
render "$root/resources/kiosk/edgestudio.desktop" > "$stage/usr/share/applications/edgestudio.desktop"
render "$root/resources/kiosk/edgestudio-kiosk.service" > "$stage/usr/lib/systemd/user/edgestudio-kiosk.service"
cp "$root/resources/kiosk/edgestudio.svg" "$stage/usr/share/icons/hicolor/scalable/apps/edgestudio.svg"
cp "$bundle/_internal/edgestudio/resources/bundled-models.json" "$stage/usr/share/doc/edgestudio/"
installed_kb=$(du -sk "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: edgestudio
Version: $version
Architecture: $arch
Maintainer: EdgeStudio <edgestudio@localhost>
Installed-Size: $installed_kb
Depends: libc6, libegl1, libgl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libdbus-1-3
Recommends: cage, libportaudio2
Section: graphics
Priority: optional
Description: On-device AI studio: detection, faces, voice and chat, offline
 EdgeStudio runs models on the device itself (ONNX Runtime, OpenVINO, llama.cpp,
 faster-whisper) with its default models included. "edgestudio kiosk install"
 sets it up as a kiosk that starts on boot under systemd.
CONTROL
deb="$out/edgestudio_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zzstd -z9 --build "$stage" "$deb" >/dev/null
echo "wrote $deb"
