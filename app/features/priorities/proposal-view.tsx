import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChoiceGroup, Field, SelectField, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import type { FieldErrors } from "~/validation";
import {
  PROPOSAL_CATEGORIES,
  PROPOSAL_DESCRIPTION_MAX,
  PROPOSAL_STATUSES,
  PROPOSAL_TITLE_MAX,
  type OFFLINE_CHANNELS,
} from "./state";
import { textLanguage } from "~/ui/user-text";

export interface ProposalSummary {
  id: string;
  cycleId: string;
  title: string;
  description: string;
  category: string;
  channel: string;
  status: string;
  ballotNumber: number | null;
  estimatedCost: number | null;
  department: { id: string; nameZh: string; nameEn: string } | null;
}

/** A proposal in a list: its title, status, channel and, once shortlisted, its number, department and cost. */
export function ProposalCard({ proposal, children }: { proposal: ProposalSummary; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li className="list-item" id={`p-${proposal.id}`}>
      <div className="stack">
        <p>
          {proposal.ballotNumber !== null ? (
            <strong>{t("priorities.proposals.ballotNumber", { number: proposal.ballotNumber })} · </strong>
          ) : null}
          <Link to={`/priorities/${proposal.cycleId}/proposals/${proposal.id}`} lang={textLanguage(proposal.title)}>
            {proposal.title}
          </Link>
          <span className="badge">{t(`priorities.statuses.${proposal.status}`)}</span>
        </p>
        <p className="question-meta">
          {t(`priorities.categories.${proposal.category}`)} ·{" "}
          {t("priorities.proposals.via", { channel: t(`priorities.channels.${proposal.channel}`) })}
          {proposal.department ? ` · ${format.departmentName(proposal.department)}` : null}
          {proposal.estimatedCost !== null
            ? ` · ${t("priorities.proposal.yuan", { amount: format.number(proposal.estimatedCost) })}`
            : null}
        </p>
        {children}
      </div>
    </li>
  );
}

/** Title, description and category: what a resident proposes and counter staff enter. */
export function ProposalFields({
  values,
  errors,
}: {
  values: Record<string, string | undefined>;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        name="title"
        label={t("priorities.propose.proposalTitle")}
        maxLength={PROPOSAL_TITLE_MAX}
        defaultValue={values.title}
        error={errors.title}
      />
      <TextArea
        name="description"
        label={t("priorities.propose.description")}
        maxLength={PROPOSAL_DESCRIPTION_MAX}
        defaultValue={values.description}
        error={errors.description}
      />
      <SelectField
        name="category"
        label={t("priorities.propose.category")}
        defaultValue={values.category ?? ""}
        options={[
          { value: "", label: "—" },
          ...PROPOSAL_CATEGORIES.map((category) => ({
            value: category,
            label: t(`priorities.categories.${category}`),
          })),
        ]}
        error={errors.category}
      />
    </>
  );
}

/** How an offline proposal reached the counter. */
export function ChannelChoice({
  channels,
  selected,
  error,
}: {
  channels: typeof OFFLINE_CHANNELS;
  selected?: string;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <ChoiceGroup
      name="channel"
      kind="radio"
      legend={t("priorities.counter.channel")}
      options={channels.map((channel) => ({ value: channel, label: t(`priorities.channels.${channel}`) }))}
      selected={[selected ?? ""]}
      error={error}
    />
  );
}

/** Search, status and category of a proposal list, sent in the address (a plain GET form). */
export function ProposalFilters({
  query,
  allLabel,
}: {
  query: { q: string; status?: string; category?: string };
  allLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="stack card" role="search" aria-label={t("priorities.proposals.search")}>
      <Field name="q" type="search" label={t("priorities.proposals.search")} defaultValue={query.q} maxLength={100} />
      <div className="inline-fields">
        <SelectField
          name="status"
          id="filter-status"
          label={t("priorities.proposals.status")}
          defaultValue={query.status ?? ""}
          options={[
            { value: "", label: allLabel },
            ...PROPOSAL_STATUSES.map((status) => ({ value: status, label: t(`priorities.statuses.${status}`) })),
          ]}
        />
        <SelectField
          name="category"
          id="filter-category"
          label={t("priorities.proposals.category")}
          defaultValue={query.category ?? ""}
          options={[
            { value: "", label: t("priorities.proposals.anyCategory") },
            ...PROPOSAL_CATEGORIES.map((category) => ({
              value: category,
              label: t(`priorities.categories.${category}`),
            })),
          ]}
        />
      </div>
      <button type="submit">{t("actions.search")}</button>
    </Form>
  );
}
