/** schema.org Event objects for workshop slots (shared by the home and offering pages). */
export function workshopEventJsonLd({
  baseUrl,
  path,
  title,
  summary,
  startsAt,
  endsAt,
  priceMinor,
  currency,
  seatsLeft,
  studioName,
  address,
}: {
  baseUrl: string;
  path: string;
  title: string;
  summary: string;
  startsAt: string;
  endsAt: string;
  priceMinor: number;
  currency: string;
  seatsLeft: number;
  studioName: string;
  address: string;
}) {
  const url = `${baseUrl}${path}`;
  return {
    "@context": "https://schema.org",
    "@type": "Event",
    name: title,
    description: summary,
    startDate: startsAt,
    endDate: endsAt,
    eventStatus: "https://schema.org/EventScheduled",
    eventAttendanceMode: "https://schema.org/OfflineEventAttendanceMode",
    url,
    location: { "@type": "Place", name: studioName, address },
    organizer: { "@type": "Organization", name: studioName, url: baseUrl },
    offers: {
      "@type": "Offer",
      url,
      price: (priceMinor / 100).toFixed(2),
      priceCurrency: currency,
      availability: seatsLeft > 0 ? "https://schema.org/InStock" : "https://schema.org/SoldOut",
    },
  };
}
