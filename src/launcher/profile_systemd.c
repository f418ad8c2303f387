/*
 * profile_systemd.c - the systemd unit directives paddock knows of but does
 * not implement, so a pasted [Service] block fails loudly and by name
 * instead of as "unknown"; and closest-name suggestions for typos.
 */
#include <stdlib.h>
#include <string.h>

#include "launcher/directive.h"
#include "launcher/profile.h"

/*
 * From systemd.exec(5), systemd.service(5), systemd.kill(5),
 * systemd.resource-control(5) and systemd.unit(5) ([Unit]/[Install] keys
 * pasted into [Service]), systemd 252-256. Names paddock implements are
 * found in the directive tables first, so listing them here is harmless.
 */
/* A dense table reads better than one name per line. */
/* clang-format off */
static const char *const systemd_names[] = {
	/* systemd.exec(5) */
	"ExecSearchPath", "WorkingDirectory", "RootDirectory", "RootImage", "RootImageOptions",
	"RootEphemeral", "RootHash", "RootHashSignature", "RootVerity", "RootImagePolicy",
	"MountImagePolicy", "ExtensionImagePolicy", "MountAPIVFS", "ProtectProc", "ProcSubset",
	"BindPaths", "BindReadOnlyPaths", "MountImages", "ExtensionImages", "ExtensionDirectories",
	"User", "Group", "DynamicUser", "SupplementaryGroups", "SetLoginEnvironment", "PAMName",
	"CapabilityBoundingSet", "AmbientCapabilities", "NoNewPrivileges", "SecureBits",
	"SELinuxContext", "AppArmorProfile", "SmackProcessLabel", "LimitCPU", "LimitFSIZE",
	"LimitDATA", "LimitSTACK", "LimitCORE", "LimitRSS", "LimitNOFILE", "LimitAS", "LimitNPROC",
	"LimitMEMLOCK", "LimitLOCKS", "LimitSIGPENDING", "LimitMSGQUEUE", "LimitNICE",
	"LimitRTPRIO", "LimitRTTIME", "UMask", "CoredumpFilter", "KeyringMode", "OOMScoreAdjust",
	"TimerSlackNSec", "Personality", "IgnoreSIGPIPE", "Nice", "CPUSchedulingPolicy",
	"CPUSchedulingPriority", "CPUSchedulingResetOnFork", "CPUAffinity", "NUMAPolicy",
	"NUMAMask", "IOSchedulingClass", "IOSchedulingPriority", "ProtectSystem", "ProtectHome",
	"RuntimeDirectory", "StateDirectory", "CacheDirectory", "LogsDirectory",
	"ConfigurationDirectory", "RuntimeDirectoryMode", "StateDirectoryMode",
	"CacheDirectoryMode", "LogsDirectoryMode", "ConfigurationDirectoryMode",
	"RuntimeDirectoryPreserve", "TimeoutCleanSec", "ReadWritePaths", "ReadOnlyPaths",
	"InaccessiblePaths", "ExecPaths", "NoExecPaths", "TemporaryFileSystem", "PrivateTmp",
	"PrivateDevices", "PrivateNetwork", "NetworkNamespacePath", "PrivateIPC",
	"IPCNamespacePath", "MemoryKSM", "PrivateUsers", "ProtectHostname", "ProtectClock",
	"ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
	"ProtectControlGroups", "RestrictAddressFamilies", "RestrictFileSystems",
	"RestrictNamespaces", "LockPersonality", "MemoryDenyWriteExecute", "RestrictRealtime",
	"RestrictSUIDSGID", "RemoveIPC", "PrivateMounts", "MountFlags", "SystemCallFilter",
	"SystemCallErrorNumber", "SystemCallArchitectures", "SystemCallLog", "Environment",
	"EnvironmentFile", "PassEnvironment", "UnsetEnvironment", "StandardInput", "StandardOutput",
	"StandardError", "StandardInputText", "StandardInputData", "LogLevelMax", "LogExtraFields",
	"LogRateLimitIntervalSec", "LogRateLimitBurst", "LogFilterPatterns", "LogNamespace",
	"SyslogIdentifier", "SyslogFacility", "SyslogLevel", "SyslogLevelPrefix", "TTYPath",
	"TTYReset", "TTYVHangup", "TTYRows", "TTYColumns", "TTYVTDisallocate", "LoadCredential",
	"LoadCredentialEncrypted", "ImportCredential", "SetCredential", "SetCredentialEncrypted",
	"UtmpIdentifier", "UtmpMode",
	/* systemd.service(5) */
	"Type", "ExitType", "RemainAfterExit", "GuessMainPID", "PIDFile", "BusName", "ExecStart",
	"ExecStartPre", "ExecStartPost", "ExecCondition", "ExecReload", "ExecStop", "ExecStopPost",
	"RestartSec", "RestartSteps", "RestartMaxDelaySec", "TimeoutStartSec", "TimeoutStopSec",
	"TimeoutAbortSec", "TimeoutSec", "TimeoutStartFailureMode", "TimeoutStopFailureMode",
	"RuntimeMaxSec", "RuntimeRandomizedExtraSec", "WatchdogSec", "Restart", "RestartMode",
	"SuccessExitStatus", "RestartPreventExitStatus", "RestartForceExitStatus",
	"RootDirectoryStartOnly", "NonBlocking", "NotifyAccess", "Sockets",
	"FileDescriptorStoreMax", "FileDescriptorStorePreserve", "USBFunctionDescriptors",
	"USBFunctionStrings", "OOMPolicy", "OpenFile", "ReloadSignal",
	/* systemd.kill(5) */
	"KillMode", "KillSignal", "RestartKillSignal", "SendSIGHUP", "SendSIGKILL",
	"FinalKillSignal", "WatchdogSignal",
	/* systemd.resource-control(5), including the deprecated cgroup-v1 names */
	"CPUAccounting", "CPUWeight", "StartupCPUWeight", "CPUQuota", "CPUQuotaPeriodSec",
	"AllowedCPUs", "StartupAllowedCPUs", "AllowedMemoryNodes", "StartupAllowedMemoryNodes",
	"MemoryAccounting", "MemoryMin", "MemoryLow", "StartupMemoryLow", "DefaultStartupMemoryLow",
	"MemoryHigh", "StartupMemoryHigh", "MemoryMax", "StartupMemoryMax", "MemorySwapMax",
	"StartupMemorySwapMax", "MemoryZSwapMax", "StartupMemoryZSwapMax", "MemoryZSwapWriteback",
	"TasksAccounting", "TasksMax", "IOAccounting", "IOWeight", "StartupIOWeight",
	"IODeviceWeight", "IOReadBandwidthMax", "IOWriteBandwidthMax", "IOReadIOPSMax",
	"IOWriteIOPSMax", "IODeviceLatencyTargetSec", "IPAccounting", "IPAddressAllow",
	"IPAddressDeny", "SocketBindAllow", "SocketBindDeny", "RestrictNetworkInterfaces", "NFTSet",
	"IPIngressFilterPath", "IPEgressFilterPath", "BPFProgram", "DeviceAllow", "DevicePolicy",
	"Slice", "Delegate", "DelegateSubgroup", "DisableControllers", "ManagedOOMSwap",
	"ManagedOOMMemoryPressure", "ManagedOOMMemoryPressureLimit", "ManagedOOMPreference",
	"MemoryPressureWatch", "MemoryPressureThresholdSec", "CoredumpReceive", "DefaultMemoryMin",
	"DefaultMemoryLow", "CPUShares", "StartupCPUShares", "MemoryLimit", "BlockIOAccounting",
	"BlockIOWeight", "StartupBlockIOWeight", "BlockIODeviceWeight", "BlockIOReadBandwidth",
	"BlockIOWriteBandwidth",
	/* systemd.unit(5) [Unit] and [Install], often pasted along */
	"Documentation", "Wants", "Requires", "Requisite", "BindsTo", "PartOf", "Upholds",
	"Conflicts", "Before", "After", "OnFailure", "OnSuccess", "PropagatesReloadTo",
	"ReloadPropagatedFrom", "JoinsNamespaceOf", "RequiresMountsFor", "DefaultDependencies",
	"StopWhenUnneeded", "RefuseManualStart", "RefuseManualStop", "AllowIsolate",
	"JobTimeoutSec", "JobTimeoutAction", "StartLimitIntervalSec", "StartLimitBurst",
	"StartLimitAction", "FailureAction", "SuccessAction", "ConditionPathExists",
	"AssertPathExists", "SourcePath", "Alias", "WantedBy", "RequiredBy", "UpheldBy", "Also",
	"DefaultInstance",
};
/* clang-format on */

int pd_systemd_directive_known(const char *name)
{
	for (size_t i = 0; i < sizeof(systemd_names) / sizeof(systemd_names[0]); i++)
		if (strcmp(systemd_names[i], name) == 0)
			return 1;
	return 0;
}

/* Optimal string alignment distance, case-insensitive, capped at 255. */
static unsigned edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	unsigned rows[3][65], *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (n > 64 || m > 64)
		return 255;
	for (size_t j = 0; j <= m; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= m; j++) {
			char ca = a[i - 1] | 0x20, cb = b[j - 1] | 0x20;
			unsigned cost = ca != cb, best = prev[j - 1] + cost;

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca == (b[j - 2] | 0x20) && (a[i - 2] | 0x20) == cb &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		unsigned *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

struct suggest {
	const char *section, *name, *best;
	unsigned best_d;
	size_t limit; /* the largest distance still worth suggesting */
};

static void consider(const struct pd_directive *d, void *arg)
{
	struct suggest *s = arg;
	size_t n = strlen(s->name), m = strlen(d->name);
	unsigned dist;

	if (s->section && d->section && strcmp(s->section, d->section) != 0)
		return;
	/* the distance is at least the length difference: skip hopeless pairs
	 * cheaply (a hostile profile may hold thousands of unknown names) */
	if ((n > m ? n - m : m - n) > s->limit)
		return;
	dist = edit_distance(s->name, d->name);
	if (dist < s->best_d) {
		s->best_d = dist;
		s->best = d->name;
	}
}

const char *pd_directive_suggest(const char *section, const char *name)
{
	size_t n = strlen(name);
	/* close: a third of the name may be wrong, but at least 2 edits are fine */
	struct suggest s = {
	    .section = section, .name = name, .best_d = 255, .limit = n / 3 > 2 ? n / 3 : 2};

	pd_directive_foreach(consider, &s);
	if (s.best && s.best_d <= s.limit)
		return s.best;
	return NULL;
}
