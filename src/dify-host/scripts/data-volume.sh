
# The data volume is attached after the instance starts: wait for it. On Nitro
# it is an NVMe disk whose serial is the volume id; on Xen it is /dev/xvdX.
serial=${DATA_VOLUME_ID/-/} dev=
for ((try = 0; try < 120; try++)); do
  for d in "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_$serial" "$DATA_DEVICE" "/dev/xvd${DATA_DEVICE#/dev/sd}"; do
    if [ -b "$d" ]; then dev=$(readlink -f "$d") && break 2; fi
  done
  sleep 5
done
[ -n "$dev" ] || die "the data volume $DATA_VOLUME_ID did not appear within 10 minutes"
# Never reformat: make a filesystem only when blkid finds no signature at all
# (exit 2). mkfs.xfs would refuse to overwrite one anyway (no -f).
probe=0
blkid -p "$dev" >/dev/null 2>&1 || probe=$?
if [ "$probe" = 2 ]; then
  log "formatting the new data volume $DATA_VOLUME_ID ($dev)"
  mkfs.xfs -q -L dify-data "$dev"
elif [ "$probe" != 0 ]; then
  die "blkid cannot tell what is on $dev (exit $probe); not touching it"
fi
uuid=$(blkid -s UUID -o value "$dev")
fstype=$(blkid -s TYPE -o value "$dev")
grep -q "^UUID=$uuid " /etc/fstab || echo "UUID=$uuid /data $fstype defaults,nofail 0 2" >>/etc/fstab
install -d /data
mountpoint -q /data || mount /data
# Docker keeps images and volumes on /data: it must never start without it.
install -d /etc/systemd/system/docker.service.d
printf '[Unit]\nRequiresMountsFor=/data\n' >/etc/systemd/system/docker.service.d/dify-data.conf
systemctl daemon-reload
