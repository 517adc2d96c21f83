package io.mtce.flags.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = NodeLockFlagsComponent.PID, name = "mtce node-locked flag files",
        description = "Where the volatile node-locked file and its non-volatile backup live, and how often they are"
                + " audited against the desired lock state.")
@interface FlagFilesConfig {

    @AttributeDefinition(name = "Volatile file",
            description = "Absolute path of the volatile node-locked file (tmpfs); its presence is the I_AM_LOCKED"
                    + " bit of mtcAlive.")
    String volatile_path() default "/var/run/.node_locked";

    @AttributeDefinition(name = "Backup file",
            description = "Absolute path of the non-volatile backup; it survives reboot and restores the volatile"
                    + " file at start.")
    String backup_path() default "/var/persist/mtc/.node_locked";

    @AttributeDefinition(name = "Obsolete file",
            description = "Absolute path of the pre-stx.11 backup, removed at start when present (unless it equals"
                    + " the backup path).")
    String obsolete_path() default "/etc/mtc/tmp/.node_locked";

    @AttributeDefinition(name = "Change journal",
            description = "Absolute path where an in-progress change is recorded durably before the files change,"
                    + " so that a change interrupted by a crash is completed at the next start. Keep it on"
                    + " non-volatile storage.")
    String journal_path() default "/var/persist/mtc/.node_locked.intent";

    @AttributeDefinition(name = "Audit period (ms)",
            description = "Period of the safety-net audit that compares the files with the desired state; file"
                    + " system events are acted on immediately. Must be greater than 0.")
    long audit_period_ms() default 5000L;

    @AttributeDefinition(name = "Allowed roots",
            description = "Absolute directories the four paths above must lie under (after resolving '..'); a"
                    + " path outside them fails activation. Entries may also be separated by commas.")
    String[] allowed_roots() default {"/var/run", "/var/persist/mtc", "/etc/mtc/tmp"};

    @AttributeDefinition(name = "Backup removed while locked",
            description = "What a backup removed by another process while locked (the volatile file still there)"
                    + " means. restore: tampering, put it back within 250 ms (workers, storage). unlock: the agent's"
                    + " self-unlock, which removes the backup itself on the controller it runs on just before the"
                    + " unlock reboot; the volatile file follows and mtcAlive reports unlocked, so an agent re-locks"
                    + " a host that is still administratively locked (controllers). See docs/interop.md.",
            options = {@Option(label = "restore", value = "restore"), @Option(label = "unlock", value = "unlock")})
    String backup_removed() default "restore";
}
