using System;
using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Identity;
using MaintenanceMode.Reporting;
using MaintenanceMode.State;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// What every operation on a listener works with, made once per command (<see cref="CommandContext"/>) and
    /// shared by the maintenance and snapshot services: the ELBv2 client, the state store of an S3 location, the
    /// caller, the reporter, the clock, the module's version (written into snapshots and records) and how reads
    /// that lag writes are waited out.
    /// </summary>
    public sealed class OperationDependencies
    {
        /// <param name="reads">How reads that lag writes are waited out; <see cref="ReadAfterWrite.Default"/> when null.</param>
        public OperationDependencies(IElbv2Client elb, Func<S3Uri, SnapshotStore> stores, ICallerIdentity identity, IMaintenanceReporter reporter,
            Func<DateTimeOffset> clock, string moduleVersion, ReadAfterWrite? reads = null)
        {
            Elb = elb ?? throw new ArgumentNullException(nameof(elb));
            Stores = stores ?? throw new ArgumentNullException(nameof(stores));
            Identity = identity ?? throw new ArgumentNullException(nameof(identity));
            Reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            Clock = clock ?? throw new ArgumentNullException(nameof(clock));
            ModuleVersion = moduleVersion;
            Reads = reads ?? ReadAfterWrite.Default;
        }

        public IElbv2Client Elb { get; }

        /// <summary>The store of snapshots, records and locks at an S3 location.</summary>
        public Func<S3Uri, SnapshotStore> Stores { get; }

        public ICallerIdentity Identity { get; }

        public IMaintenanceReporter Reporter { get; }

        public Func<DateTimeOffset> Clock { get; }

        public string ModuleVersion { get; }

        public ReadAfterWrite Reads { get; }
    }
}
