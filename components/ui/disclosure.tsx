import type { ReactNode } from "react";

/**
 * A panel that opens on click or Enter (native `<details>`): the chart's "write …" forms stay folded until
 * staff want them. `help` is a line under the title once it is open.
 */
export function Disclosure({ title, help, children }: { title: ReactNode; help?: ReactNode; children: ReactNode }) {
  return (
    <details className="group rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
      <summary className="cursor-pointer list-none px-6 py-4 text-base font-semibold text-brand-700 hover:bg-gray-50">
        <span aria-hidden="true" className="mr-2 inline-block transition-transform group-open:rotate-90">
          ›
        </span>
        {title}
      </summary>
      <div className="space-y-3 border-t border-gray-100 px-6 py-4">
        {help && <p className="text-sm text-gray-600">{help}</p>}
        {children}
      </div>
    </details>
  );
}
