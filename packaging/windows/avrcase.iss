; Inno Setup 6 script: a per-machine installer for the frozen avrcase (dist\avrcase from avrcase.spec).
;
;   iscc /DAppVersion=0.1.0 packaging\windows\avrcase.iss      -> dist\avrcase-0.1.0-setup.exe
;
; Installs into C:\Program Files\avrcase (administrators only), adds a Start-menu entry and an
; uninstaller. A newer version installs over the old one in place: the AppId below never changes, so
; Setup finds the previous installation, closes a running avrcase and replaces the program files.
; Nothing here touches the users' data: each person's store, key file and backups live in
; %LOCALAPPDATA%\avrcase and the settings in HKCU\Software\avrcase, which neither an upgrade nor the
; uninstaller deletes. Code signing: see packaging\README.md (SignTool placeholder below).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\avrcase.iss
#endif
#define AppName "avrcase"
#define AppExe "avrcase.exe"
#define DistDir "..\..\dist\avrcase"

[Setup]
; Never change the AppId: it is what makes a new version an upgrade of the installed one.
AppId={{6F2C7A9E-3B1D-4E8A-9C55-2D7B1E4A8F30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=avrcase
AppComments=Case management for assisted voluntary return and reintegration
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6.12 (PySide6 6.12) supports Windows 10 version 1809 (build 17763) or later and Windows 11, x64.
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\icons\avrcase.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
SetupLogging=yes
; Code signing (placeholder): define a sign tool named "avrcasesign" in the Inno Setup IDE
; (Tools > Configure Sign Tools) or on the command line, e.g.
;   iscc "/Savrcasesign=signtool.exe sign /fd sha256 /tr http://timestamp.example /td sha256 /f C:\keys\office.pfx /p PASSWORD $f" ...
; and uncomment the next line; Setup and the uninstaller are then signed.
;SignTool=avrcasesign

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; Only the program's own library folder is cleared before an upgrade, so that no library an older
; version shipped lingers beside the new ones. User data is never inside {app}.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Case management"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
