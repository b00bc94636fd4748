import type { Migration } from 'kysely';
import * as foundation from './20261126104500-foundation.ts';
import * as territory from './20261126120000-territory.ts';
import * as forms from './20261126130000-forms.ts';
import * as reports from './20261126140000-reports.ts';
import * as officialResults from './20261126150000-official-results.ts';
import * as recruitment from './20261127090000-recruitment.ts';
import * as resultsAreasTurnout from './20261128090000-results-areas-turnout.ts';
import * as referenceNotes from './20261128100000-reference-notes.ts';
import * as readinessCoverage from './20261206100000-readiness-coverage.ts';
import * as verificationQueue from './20261206110000-verification-queue.ts';
import * as alertsProposals from './20261206120000-alerts-proposals.ts';
import * as demo from './20261206130000-demo.ts';
import * as alertTurnoutCheckpoints from './20261206140000-alert-turnout-checkpoints.ts';
import * as verificationCounts from './20261206150000-verification-counts.ts';
import * as dashboardIndexes from './20261206160000-dashboard-indexes.ts';
import * as dashboardCounts from './20261207010000-dashboard-counts.ts';
import * as dashboardCoveringIndexes from './20261207010100-dashboard-covering-indexes.ts';
import * as readinessAnswersStationIndex from './20261207010200-readiness-answers-station-index.ts';
import * as remarks from './20261207030000-remarks.ts';
import * as resolutions from './20261207040000-resolutions.ts';
import * as exportJobs from './20261207050000-export-jobs.ts';
import * as publishing from './20261207060000-publishing.ts';
import * as publicResolution from './20261207061000-public-resolution.ts';
import * as school from './20261207070000-school.ts';
import * as schoolAnswers from './20261207070100-school-answers.ts';
import * as trustLimits from './20261207080000-trust-limits.ts';
import * as channels from './20261207090000-channels.ts';
import * as blobChunks from './20261207100000-blob-chunks.ts';
import * as exportFilesShared from './20261207100100-export-files-shared.ts';
import * as alertCounts from './20261208010000-alert-counts.ts';
import * as schoolStepsReminders from './20261208040000-school-steps-reminders.ts';
import * as personalDataEncryption from './20261208050000-personal-data-encryption.ts';
import * as channelMessages from './20261208060000-channel-messages.ts';
import * as importFilesShared from './20261208080000-import-files-shared.ts';
import * as telegramNotices from './20261208090000-telegram-notices.ts';
import * as schoolLessonArchive from './20261208095000-school-lesson-archive.ts';
import * as cheaperDashboardTriggers from './20261208100000-cheaper-dashboard-triggers.ts';
import * as channelAddressesSealed from './20261210100000-channel-addresses-sealed.ts';
import * as readinessVisitsDone from './20261210300000-readiness-visits-done.ts';
import * as incidentAlertIndex from './20261211100000-incident-alert-index.ts';
import * as verificationTotals from './20261211110000-verification-totals.ts';
import * as applicantCounts from './20261211120000-applicant-counts.ts';
import * as alertRefreshPerStatement from './20261211400000-alert-refresh-per-statement.ts';
import * as reportsStationIndexDropped from './20261212100000-reports-station-index-dropped.ts';
import * as reportsCreatedIndexDropped from './20261212110000-reports-created-index-dropped.ts';
import * as ingestTriggersPerStatement from './20261212200000-ingest-triggers-per-statement.ts';
import * as alertMarksRefreshSkip from './20261212210000-alert-marks-refresh-skip.ts';
import * as alertRefreshIndexPlans from './20261212220000-alert-refresh-index-plans.ts';
import * as alertMarksProbeByKey from './20261212230000-alert-marks-probe-by-key.ts';
import * as alertCheckpointsIndexPlans from './20261212240000-alert-checkpoints-index-plans.ts';
import * as alertReportMarksClear from './20261213410000-alert-report-marks-clear.ts';
import * as alertReportMarksClearSqlite from './20261214000000-alert-report-marks-clear-sqlite.ts';
import * as heardFromPerStatement from './20261214100000-heard-from-per-statement.ts';
import * as photoRoundTrips from './20261214110000-photo-round-trips.ts';

/**
 * Every migration, in order. Listed by hand (not read from the folder) so the same list works from
 * TypeScript sources and bundles; a test checks that every file in this folder is listed here.
 */
export const migrations: Record<string, Migration> = {
  '20261126104500-foundation': foundation,
  '20261126120000-territory': territory,
  '20261126130000-forms': forms,
  '20261126140000-reports': reports,
  '20261126150000-official-results': officialResults,
  '20261127090000-recruitment': recruitment,
  '20261128090000-results-areas-turnout': resultsAreasTurnout,
  '20261128100000-reference-notes': referenceNotes,
  '20261206100000-readiness-coverage': readinessCoverage,
  '20261206110000-verification-queue': verificationQueue,
  '20261206120000-alerts-proposals': alertsProposals,
  '20261206130000-demo': demo,
  '20261206140000-alert-turnout-checkpoints': alertTurnoutCheckpoints,
  '20261206150000-verification-counts': verificationCounts,
  '20261206160000-dashboard-indexes': dashboardIndexes,
  '20261207010000-dashboard-counts': dashboardCounts,
  '20261207010100-dashboard-covering-indexes': dashboardCoveringIndexes,
  '20261207010200-readiness-answers-station-index': readinessAnswersStationIndex,
  '20261207030000-remarks': remarks,
  '20261207040000-resolutions': resolutions,
  '20261207050000-export-jobs': exportJobs,
  '20261207060000-publishing': publishing,
  '20261207061000-public-resolution': publicResolution,
  '20261207070000-school': school,
  '20261207070100-school-answers': schoolAnswers,
  '20261207080000-trust-limits': trustLimits,
  '20261207090000-channels': channels,
  '20261207100000-blob-chunks': blobChunks,
  '20261207100100-export-files-shared': exportFilesShared,
  '20261208010000-alert-counts': alertCounts,
  '20261208040000-school-steps-reminders': schoolStepsReminders,
  '20261208050000-personal-data-encryption': personalDataEncryption,
  '20261208060000-channel-messages': channelMessages,
  '20261208080000-import-files-shared': importFilesShared,
  '20261208090000-telegram-notices': telegramNotices,
  '20261208095000-school-lesson-archive': schoolLessonArchive,
  '20261208100000-cheaper-dashboard-triggers': cheaperDashboardTriggers,
  '20261210100000-channel-addresses-sealed': channelAddressesSealed,
  '20261210300000-readiness-visits-done': readinessVisitsDone,
  '20261211100000-incident-alert-index': incidentAlertIndex,
  '20261211110000-verification-totals': verificationTotals,
  '20261211120000-applicant-counts': applicantCounts,
  '20261211400000-alert-refresh-per-statement': alertRefreshPerStatement,
  '20261212100000-reports-station-index-dropped': reportsStationIndexDropped,
  '20261212110000-reports-created-index-dropped': reportsCreatedIndexDropped,
  '20261212200000-ingest-triggers-per-statement': ingestTriggersPerStatement,
  '20261212210000-alert-marks-refresh-skip': alertMarksRefreshSkip,
  '20261212220000-alert-refresh-index-plans': alertRefreshIndexPlans,
  '20261212230000-alert-marks-probe-by-key': alertMarksProbeByKey,
  '20261212240000-alert-checkpoints-index-plans': alertCheckpointsIndexPlans,
  '20261213410000-alert-report-marks-clear': alertReportMarksClear,
  '20261214000000-alert-report-marks-clear-sqlite': alertReportMarksClearSqlite,
  '20261214100000-heard-from-per-statement': heardFromPerStatement,
  '20261214110000-photo-round-trips': photoRoundTrips,
};
