import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import type { Locale } from "@/db/schema";

export interface AppointmentEmailProps {
  locale: Locale;
  clinicName: string;
  /** The message's words, already filled: the same sentences as the WhatsApp and SMS text. */
  paragraphs: readonly string[];
  /** Video visits: a button to the join link, placed after the paragraph that gives the link. */
  videoButton?: { url: string; label: string };
  /** An in-person visit: where the clinic is, with a maps link ("Dirección: …", "Cómo llegar"). */
  place?: { address: string; mapsUrl: string; label: string; directions: string };
  /** "This is an automated message from …" */
  footer: string;
  /** Inbox preview line. */
  preview: string;
  /** The email's subject, also the HTML document's `<title>` (what a browser tab or a web mail preview shows). */
  subject: string;
}

const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "8px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  heading: { color: "#18181b", fontSize: "20px", fontWeight: 600, margin: "0 0 24px" },
  paragraph: { color: "#27272a", fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: "#4338ca",
    borderRadius: "6px",
    color: "#ffffff",
    fontSize: "16px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  buttonSection: { margin: "8px 0 24px" },
  link: { color: "#4338ca", textDecoration: "underline" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0 16px" },
  footer: { color: "#71717a", fontSize: "13px", lineHeight: "20px", margin: 0 },
} as const;

/** The one layout every appointment email uses: clinic name, the message as paragraphs, a footer line. */
export function AppointmentEmail(props: AppointmentEmailProps) {
  const { videoButton } = props;
  const linkIndex = videoButton ? props.paragraphs.findIndex((p) => p.includes(videoButton.url)) : -1;
  const buttonAfter = linkIndex === -1 ? props.paragraphs.length - 1 : linkIndex;
  return (
    <Html lang={props.locale}>
      <Head>
        <title>{props.subject}</title>
      </Head>
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {props.clinicName}
          </Heading>
          {props.paragraphs.map((paragraph, index) => (
            <Section key={index}>
              <Text style={styles.paragraph}>{paragraph}</Text>
              {videoButton && index === buttonAfter ? (
                <Section style={styles.buttonSection}>
                  <Button href={videoButton.url} style={styles.button}>
                    {videoButton.label}
                  </Button>
                </Section>
              ) : null}
            </Section>
          ))}
          {props.place ? (
            <Section>
              <Text style={styles.paragraph}>
                {props.place.label}: {props.place.address}
                <br />
                <Link href={props.place.mapsUrl} style={styles.link}>
                  {props.place.directions}
                </Link>
              </Text>
            </Section>
          ) : null}
          <Hr style={styles.hr} />
          <Text style={styles.footer}>{props.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** HTML and plain text of the email, rendered by React Email. */
export async function renderAppointmentEmail(props: AppointmentEmailProps): Promise<{ html: string; text: string }> {
  const element = <AppointmentEmail {...props} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
