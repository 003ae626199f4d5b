using MaintenanceMode.Aws.Elbv2;
using MaintenanceMode.Reporting;

namespace MaintenanceMode.Operations.Planning.Steps
{
    /// <summary>
    /// What a step needs to make its call: the ELBv2 client, the reporter for what it notices on the way (a lost
    /// reply recognised, a rule already gone), and the read-after-write policy for the reads that recognise them.
    /// </summary>
    public sealed class StepContext
    {
        public StepContext(IElbv2Client elb, IMaintenanceReporter reporter, ReadAfterWrite reads)
        {
            Elb = elb;
            Reporter = reporter;
            Reads = reads;
        }

        public IElbv2Client Elb { get; }

        public IMaintenanceReporter Reporter { get; }

        public ReadAfterWrite Reads { get; }
    }
}
