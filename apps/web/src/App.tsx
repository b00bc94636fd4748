import { type ComponentType, lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from './components/StatusViews.tsx';
import { ObserverAccountPage, StaffAccountPage } from './features/account/AccountPage.tsx';
import { FieldHomePage } from './features/field/FieldHomePage.tsx';
import { FieldLayout } from './features/field/FieldLayout.tsx';
import { FieldOutboxPage } from './features/field/FieldOutboxPage.tsx';
import { FieldReferencePage } from './features/field/FieldReferencePage.tsx';
import { FieldNewReportPage, FieldReportPage } from './features/field/FieldReportPage.tsx';
import { FieldStationPage } from './features/field/FieldStationPage.tsx';
import { InvitePage } from './features/public/InvitePage.tsx';
import { SetupPage } from './features/public/SetupPage.tsx';
import { SignInPage } from './features/public/SignInPage.tsx';
import { useProfileLocale } from './session/session-queries.ts';
import { HqNotFound, NotFoundPage, ObserverNotFound } from './shell/NotFoundPage.tsx';
import { RootRedirect } from './shell/RootRedirect.tsx';

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

const HqLayout = hqPage(() => import('./shell/HqLayout.tsx'), 'HqLayout', true);
const ApplicantDuplicatesPage = hqPage(
  () => import('./features/recruitment/ApplicantDuplicatesPage.tsx'),
  'ApplicantDuplicatesPage',
);
const ApplicantPage = hqPage(() => import('./features/recruitment/ApplicantPage.tsx'), 'ApplicantPage');
const ApplicantsPage = hqPage(() => import('./features/recruitment/ApplicantsPage.tsx'), 'ApplicantsPage');
const AreasPage = hqPage(() => import('./features/territory/AreasPage.tsx'), 'AreasPage');
const AssignmentsPage = hqPage(() => import('./features/reports/AssignmentsPage.tsx'), 'AssignmentsPage');
const ProposalPage = hqPage(() => import('./features/assignments-proposal/ProposalPage.tsx'), 'ProposalPage');
const AuditPage = hqPage(() => import('./features/audit/AuditPage.tsx'), 'AuditPage');
const MessagesPage = hqPage(() => import('./features/channels/MessagesPage.tsx'), 'MessagesPage');
const CoveragePage = hqPage(() => import('./features/coverage/CoveragePage.tsx'), 'CoveragePage');
const ElectionFormPage = hqPage(() => import('./features/elections/ElectionFormPage.tsx'), 'ElectionFormPage');
const ElectionsPage = hqPage(() => import('./features/elections/ElectionsPage.tsx'), 'ElectionsPage');
const FormDesignerPage = hqPage(() => import('./features/forms/FormDesignerPage.tsx'), 'FormDesignerPage');
const FormsPage = hqPage(() => import('./features/forms/FormsPage.tsx'), 'FormsPage');
const ImportPage = hqPage(() => import('./features/imports/ImportPage.tsx'), 'ImportPage');
// The public pages load on demand too: they never weigh on the field app.
const JoinPage = hqPage(() => import('./features/recruitment/JoinPage.tsx'), 'JoinPage', true);
const LiveReportsPage = hqPage(() => import('./features/reports/LiveReportsPage.tsx'), 'LiveReportsPage');
const OrganisationSettingsPage = hqPage(
  () => import('./features/recruitment/OrganisationSettingsPage.tsx'),
  'OrganisationSettingsPage',
);
const OverviewPage = hqPage(() => import('./features/overview/OverviewPage.tsx'), 'OverviewPage');
const PostsPage = hqPage(() => import('./features/posts/PostsPage.tsx'), 'PostsPage');
const PostEditorPage = hqPage(() => import('./features/posts/PostEditorPage.tsx'), 'PostEditorPage');
const FieldOpinionPage = hqPage(() => import('./features/posts/FieldOpinionPage.tsx'), 'FieldOpinionPage');
const QueuePage = hqPage(() => import('./features/queue/QueuePage.tsx'), 'QueuePage');
const RemarksPage = hqPage(() => import('./features/remarks/RemarksPage.tsx'), 'RemarksPage');
const RemarkPage = hqPage(() => import('./features/remarks/RemarkPage.tsx'), 'RemarkPage');
const ReadinessPage = hqPage(() => import('./features/readiness/ReadinessPage.tsx'), 'ReadinessPage');
const ExportsPage = hqPage(() => import('./features/exports/ExportsPage.tsx'), 'ExportsPage');
const ResolutionPage = hqPage(() => import('./features/resolution/ResolutionPage.tsx'), 'ResolutionPage');
const QuickCountPage = hqPage(() => import('./features/results/QuickCountPage.tsx'), 'QuickCountPage');
const ReportPage = hqPage(() => import('./features/reports/ReportPage.tsx'), 'ReportPage');
const ReferenceNotesPage = hqPage(() => import('./features/reference/ReferenceNotesPage.tsx'), 'ReferenceNotesPage');
const ResultsComparisonPage = hqPage(
  () => import('./features/results/ResultsComparisonPage.tsx'),
  'ResultsComparisonPage',
);
const ResultsPage = hqPage(() => import('./features/results/ResultsPage.tsx'), 'ResultsPage');
const ResultsOfficialPage = hqPage(() => import('./features/results/ResultsOfficialPage.tsx'), 'ResultsOfficialPage');
const StationsPage = hqPage(() => import('./features/territory/StationsPage.tsx'), 'StationsPage');
const UsersPage = hqPage(() => import('./features/accounts/UsersPage.tsx'), 'UsersPage');
const VerifyPage = hqPage(() => import('./features/recruitment/VerifyPage.tsx'), 'VerifyPage', true);
const SchoolLinkPage = hqPage(() => import('./features/school/SchoolLinkPage.tsx'), 'SchoolLinkPage', true);
const SchoolCoursePage = hqPage(() => import('./features/school/SchoolCoursePage.tsx'), 'SchoolCoursePage', true);
const SchoolClassesPage = hqPage(() => import('./features/school/SchoolClassesPage.tsx'), 'SchoolClassesPage');
const SchoolAttendancePage = hqPage(() => import('./features/school/SchoolAttendancePage.tsx'), 'SchoolAttendancePage');
const SchoolRemindersPage = hqPage(() => import('./features/school/SchoolRemindersPage.tsx'), 'SchoolRemindersPage');
// The school in the field app loads on demand: lessons and quizzes never weigh on the report pages.
const FieldSchoolPage = hqPage(() => import('./features/field/FieldSchoolPage.tsx'), 'FieldSchoolPage');
const FieldSchoolCoursePage = hqPage(() => import('./features/field/FieldSchoolPage.tsx'), 'FieldSchoolCoursePage');
const CoursesPage = hqPage(() => import('./features/school/CoursesPage.tsx'), 'CoursesPage');
const CourseEditorPage = hqPage(() => import('./features/school/CourseEditorPage.tsx'), 'CourseEditorPage');
const LessonEditorPage = hqPage(() => import('./features/school/LessonEditorPage.tsx'), 'LessonEditorPage');
const QuizEditorPage = hqPage(() => import('./features/school/QuizEditorPage.tsx'), 'QuizEditorPage');

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
      <Route path="school/:token" element={<SchoolLinkPage />} />
      <Route path="school/:token/courses/:courseId" element={<SchoolCoursePage />} />
      <Route path="hq" element={<HqLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="elections" element={<ElectionsPage />} />
        <Route path="elections/new" element={<ElectionFormPage />} />
        <Route path="elections/:id" element={<ElectionFormPage />} />
        <Route path="areas" element={<AreasPage />} />
        <Route path="stations" element={<StationsPage />} />
        <Route path="imports/new" element={<ImportPage />} />
        <Route path="assignments" element={<AssignmentsPage />} />
        <Route path="assignments/proposal" element={<ProposalPage />} />
        <Route path="readiness" element={<ReadinessPage />} />
        <Route path="coverage" element={<CoveragePage />} />
        <Route path="reference" element={<ReferenceNotesPage />} />
        <Route path="posts" element={<PostsPage />} />
        <Route path="posts/new" element={<PostEditorPage />} />
        <Route path="posts/:id" element={<PostEditorPage />} />
        <Route path="reports" element={<LiveReportsPage />} />
        <Route path="reports/:reportId" element={<ReportPage />} />
        <Route path="queue" element={<QueuePage />} />
        <Route path="remarks" element={<RemarksPage />} />
        <Route path="remarks/:id" element={<RemarkPage />} />
        <Route path="results" element={<ResultsPage />} />
        <Route path="results/comparison" element={<ResultsComparisonPage />} />
        <Route path="results/official" element={<ResultsOfficialPage />} />
        <Route path="quick-count" element={<QuickCountPage />} />
        <Route path="resolution" element={<ResolutionPage />} />
        <Route path="exports" element={<ExportsPage />} />
        <Route path="forms" element={<FormsPage />} />
        <Route path="forms/:id" element={<FormDesignerPage />} />
        <Route path="applicants" element={<ApplicantsPage />} />
        <Route path="applicants/duplicates" element={<ApplicantDuplicatesPage />} />
        <Route path="applicants/:id" element={<ApplicantPage />} />
        <Route path="school" element={<SchoolClassesPage />} />
        <Route path="school/classes/:id" element={<SchoolAttendancePage />} />
        <Route path="school/reminders" element={<SchoolRemindersPage />} />
        <Route path="school/courses" element={<CoursesPage />} />
        <Route path="school/courses/:id" element={<CourseEditorPage />} />
        <Route path="school/courses/:id/lessons/:lessonId" element={<LessonEditorPage />} />
        <Route path="school/courses/:id/quizzes/:quizId" element={<QuizEditorPage />} />
        <Route path="settings/organisation" element={<OrganisationSettingsPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="messages" element={<MessagesPage />} />
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
        <Route path="opinion" element={<FieldOpinionPage />} />
        <Route path="reference" element={<FieldReferencePage />} />
        <Route path="school" element={<FieldSchoolPage />} />
        <Route path="school/courses/:courseId" element={<FieldSchoolCoursePage />} />
        <Route path="account" element={<ObserverAccountPage />} />
        <Route path="*" element={<ObserverNotFound />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
