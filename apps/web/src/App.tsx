import { Route, Routes } from 'react-router';
import { ObserverAccountPage, StaffAccountPage } from './pages/AccountPage.tsx';
import { AreasPage } from './pages/AreasPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { ElectionFormPage } from './pages/ElectionFormPage.tsx';
import { ElectionsPage } from './pages/ElectionsPage.tsx';
import { FormDesignerPage } from './pages/FormDesignerPage.tsx';
import { FormsPage } from './pages/FormsPage.tsx';
import { HqLayout } from './pages/HqLayout.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { InvitePage } from './pages/InvitePage.tsx';
import { HqNotFound, NotFoundPage, ObserverNotFound } from './pages/NotFoundPage.tsx';
import { ObserverHomePage } from './pages/ObserverHomePage.tsx';
import { ObserverLayout } from './pages/ObserverLayout.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { RootRedirect } from './pages/RootRedirect.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { StationsPage } from './pages/StationsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { useProfileLocale } from './session/session-queries.ts';

export function App() {
  useProfileLocale();
  return (
    <Routes>
      <Route index element={<RootRedirect />} />
      <Route path="setup" element={<SetupPage />} />
      <Route path="sign-in" element={<SignInPage />} />
      <Route path="invite" element={<InvitePage />} />
      <Route path="hq" element={<HqLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="elections" element={<ElectionsPage />} />
        <Route path="elections/new" element={<ElectionFormPage />} />
        <Route path="elections/:id" element={<ElectionFormPage />} />
        <Route path="areas" element={<AreasPage />} />
        <Route path="stations" element={<StationsPage />} />
        <Route path="imports/new" element={<ImportPage />} />
        <Route path="forms" element={<FormsPage />} />
        <Route path="forms/:id" element={<FormDesignerPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="account" element={<StaffAccountPage />} />
        <Route path="*" element={<HqNotFound />} />
      </Route>
      <Route path="app" element={<ObserverLayout />}>
        <Route index element={<ObserverHomePage />} />
        <Route path="account" element={<ObserverAccountPage />} />
        <Route path="*" element={<ObserverNotFound />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
