/** The cheap path, spelled out so the tests do not lean on what environments/dev.json holds today. */
export const CHEAP = {
  production: false,
  network: { nat: "instance" },
  bedrock: { endpointAzCount: 0, requireVpcEndpoint: false },
  dify: {
    tier: "all-in-one",
    instanceType: "t4g.medium",
    spot: { maxPricePerHour: 0.018 },
    rootVolumeGb: 12,
    dataVolumeGb: 20,
    schedule: { timezone: "Asia/Tokyo", start: "08:00", stop: "20:00", weekdays: true },
  },
};
