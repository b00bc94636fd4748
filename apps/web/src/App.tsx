import { type ComponentType, lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from './components/StatusViews.tsx';
import { ObserverAccountPage, StaffAccountPage } from './pages/AccountPage.tsx';
import { FieldHomePage } from './pages/FieldHomePage.tsx';
import { FieldLayout } from './pages/FieldLayout.tsx';
import { FieldOutboxPage } from './pages/FieldOutboxPage.tsx';
import { FieldReferencePage } from './pages/FieldReferencePage.tsx';
import { FieldNewReportPage, FieldReportPage } from './pages/FieldReportPage.tsx';
import { FieldStationPage } from './pages/FieldStationPage.tsx';
import { InvitePage } from './pages/InvitePage.tsx';
import { HqNotFound, NotFoundPage, ObserverNotFound } from './pages/NotFoundPage.tsx';
import { RootRedirect } from './pages/RootRedirect.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { useProfileLocale } from './session/session-queries.ts';

/**
 * The HQ console loads on demand, page by page: the observer's field app (`/app`) must stay small
 * on old phones (under 300 KB of gzip JavaScript). Add new console pages the same way.
 */
function hqPage<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
  fullPage = false,
): ComponentType {
  const Page = lazy(() => load().then((module) => ({ default: module[name] as ComponentType })));
  // biome-ignore lint/correctness/noComponentHookFactories: called once per page when the module loads, never while rendering
  return function HqPage() {
    return (
      <Suspense fallback={<Loading fullPage={fullPage} />}>
        <Page />
      </Suspense>
    );
  };
}

const HqLayout = hqPage(() => import('./pages/HqLayout.tsx'), 'HqLayout', true);
const ApplicantDuplicatesPage = hqPage(() => import('./pages/ApplicantDuplicatesPage.tsx'), 'ApplicantDuplicatesPage');
const ApplicantPage = hqPage(() => import('./pages/ApplicantPage.tsx'), 'ApplicantPage');
const ApplicantsPage = hqPage(() => import('./pages/ApplicantsPage.tsx'), 'ApplicantsPage');
const AreasPage = hqPage(() => import('./pages/AreasPage.tsx'), 'AreasPage');
const AssignmentsPage = hqPage(() => import('./pages/AssignmentsPage.tsx'), 'AssignmentsPage');
const AuditPage = hqPage(() => import('./pages/AuditPage.tsx'), 'AuditPage');
const ElectionFormPage = hqPage(() => import('./pages/ElectionFormPage.tsx'), 'ElectionFormPage');
const ElectionsPage = hqPage(() => import('./pages/ElectionsPage.tsx'), 'ElectionsPage');
const FormDesignerPage = hqPage(() => import('./pages/FormDesignerPage.tsx'), 'FormDesignerPage');
const FormsPage = hqPage(() => import('./pages/FormsPage.tsx'), 'FormsPage');
const ImportPage = hqPage(() => import('./pages/ImportPage.tsx'), 'ImportPage');
// The public pages load on demand too: they never weigh on the field app.
const JoinPage = hqPage(() => import('./pages/JoinPage.tsx'), 'JoinPage', true);
const LiveReportsPage = hqPage(() => import('./pages/LiveReportsPage.tsx'), 'LiveReportsPage');
const OrganisationSettingsPage = hqPage(
  () => import('./pages/OrganisationSettingsPage.tsx'),
  'OrganisationSettingsPage',
);
const OverviewPage = hqPage(() => import('./pages/OverviewPage.tsx'), 'OverviewPage');
const QuickCountPage = hqPage(() => import('./pages/QuickCountPage.tsx'), 'QuickCountPage');
const ReportPage = hqPage(() => import('./pages/ReportPage.tsx'), 'ReportPage');
const ReferenceNotesPage = hqPage(() => import('./pages/ReferenceNotesPage.tsx'), 'ReferenceNotesPage');
const ResultsComparisonPage = hqPage(() => import('./pages/ResultsComparisonPage.tsx'), 'ResultsComparisonPage');
const ResultsPage = hqPage(() => import('./pages/ResultsPage.tsx'), 'ResultsPage');
const ResultsOfficialPage = hqPage(() => import('./pages/ResultsOfficialPage.tsx'), 'ResultsOfficialPage');
const StationsPage = hqPage(() => import('./pages/StationsPage.tsx'), 'StationsPage');
const UsersPage = hqPage(() => import('./pages/UsersPage.tsx'), 'UsersPage');
const VerifyPage = hqPage(() => import('./pages/VerifyPage.tsx'), 'VerifyPage', true);

export function App() {
  useProfileLocale();
  return (
    <Routes>
      <Route index element={<RootRedirect />} />
      <Route path="setup" element={<SetupPage />} />
      <Route path="sign-in" element={<SignInPage />} />
      <Route path="invite" element={<InvitePage />} />
      <Route path="join" element={<JoinPage />} />
      <Route path="verify" element={<VerifyPage />} />
      <Route path="verify/:code" element={<VerifyPage />} />
      <Route path="hq" element={<HqLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="elections" element={<ElectionsPage />} />
        <Route path="elections/new" element={<ElectionFormPage />} />
        <Route path="elections/:id" element={<ElectionFormPage />} />
        <Route path="areas" element={<AreasPage />} />
        <Route path="stations" element={<StationsPage />} />
        <Route path="imports/new" element={<ImportPage />} />
        <Route path="assignments" element={<AssignmentsPage />} />
        <Route path="reference" element={<ReferenceNotesPage />} />
        <Route path="reports" element={<LiveReportsPage />} />
        <Route path="reports/:reportId" element={<ReportPage />} />
        <Route path="results" element={<ResultsPage />} />
        <Route path="results/comparison" element={<ResultsComparisonPage />} />
        <Route path="results/official" element={<ResultsOfficialPage />} />
        <Route path="quick-count" element={<QuickCountPage />} />
        <Route path="forms" element={<FormsPage />} />
        <Route path="forms/:id" element={<FormDesignerPage />} />
        <Route path="applicants" element={<ApplicantsPage />} />
        <Route path="applicants/duplicates" element={<ApplicantDuplicatesPage />} />
        <Route path="applicants/:id" element={<ApplicantPage />} />
        <Route path="settings/organisation" element={<OrganisationSettingsPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="account" element={<StaffAccountPage />} />
        <Route path="*" element={<HqNotFound />} />
      </Route>
      <Route path="app" element={<FieldLayout />}>
        <Route index element={<FieldHomePage />} />
        <Route path="stations/:stationId" element={<FieldStationPage />} />
        <Route path="stations/:stationId/new/:kind" element={<FieldNewReportPage />} />
        <Route path="reports/:reportId" element={<FieldReportPage />} />
        <Route path="outbox" element={<FieldOutboxPage />} />
        <Route path="reference" element={<FieldReferencePage />} />
        <Route path="account" element={<ObserverAccountPage />} />
        <Route path="*" element={<ObserverNotFound />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
