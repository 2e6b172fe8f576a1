// Tests never read a developer's .env: every part they touch is configured by the test itself.
process.env.NEXT_TELEMETRY_DISABLED = "1";
