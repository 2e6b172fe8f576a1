/**
 * Prints the WhatsApp templates to submit to Meta, as Markdown:
 *   npx tsx scripts/print-templates.ts > docs/whatsapp-templates.md
 */
import { formatTemplatesMarkdown } from "@/lib/notifications/templates/format-templates-markdown";

process.stdout.write(formatTemplatesMarkdown());
