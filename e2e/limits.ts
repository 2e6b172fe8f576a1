/**
 * The patient-link budget of the browser tests' server (PATIENT_LINK_REQUESTS_PER_10_MIN). Every spec's patient
 * pages come from 127.0.0.1, so the whole suite shares one client's budget; production's default (40 per 10 min)
 * would run out halfway. client-address.spec spends exactly this much from an address of its own.
 */
export const E2E_LINK_BUDGET = 400;
