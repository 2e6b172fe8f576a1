/** The time zones a clinic picks from: Mexico's first, then every other, as the `<option>`s of a select. */
export function TimeZoneOptions({
  zones,
  mexicoLabel,
  othersLabel,
}: {
  zones: { mexico: readonly string[]; others: readonly string[] };
  mexicoLabel: string;
  othersLabel: string;
}) {
  const options = (list: readonly string[]) =>
    list.map((zone) => (
      <option key={zone} value={zone}>
        {zone.replace(/_/g, " ")}
      </option>
    ));
  return (
    <>
      <optgroup label={mexicoLabel}>{options(zones.mexico)}</optgroup>
      <optgroup label={othersLabel}>{options(zones.others)}</optgroup>
    </>
  );
}
