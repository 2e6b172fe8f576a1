/**
 * A maps link for a street address: Google Maps' documented cross-platform search URL
 * (https://developers.google.com/maps/documentation/urls/get-started#search-action), which opens the Maps
 * app on a phone and the website elsewhere, with no API key. Null when there is no address.
 */
export function buildMapsLink(address: string | null | undefined): string | null {
  const query = address?.replace(/\s+/g, " ").trim();
  if (!query) return null;
  const url = new URL("https://www.google.com/maps/search/");
  url.searchParams.set("api", "1");
  url.searchParams.set("query", query);
  return url.toString();
}
