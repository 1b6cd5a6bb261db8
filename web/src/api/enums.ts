// The API's enum values (schema/enums.py): UPPER_CASE forms of the codes and labels the
// explorer keeps in its URLs and catalogue.

/** The EntityKind value of a label: `Park` → `PARK`, `TalentTeam` → `TALENT_TEAM`. */
export const kindEnum = (label: string): string =>
  label.replace(/(?<=.)([A-Z])/g, "_$1").toUpperCase();
