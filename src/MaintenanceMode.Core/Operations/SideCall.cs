using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Operations
{
    /// <summary>
    /// A call started beside another, which must not outlive it: its narration and warnings reach the pipeline
    /// only while the command's operation is pumped, so the operation waits for it even when the main call failed.
    /// </summary>
    internal static class SideCall
    {
        /// <summary>Waits for <paramref name="call"/> to end, without observing how: its failure is reported where its result is used.</summary>
        public static Task SettleAsync(Task call) =>
            call.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
