namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>Who AWS blames for an error, from the <c>Type</c> element of the error document.</summary>
    public enum Elbv2ErrorType
    {
        /// <summary>No AWS error document: a connection failure, a timeout or a body that is not an error document.</summary>
        Unknown = 0,

        /// <summary>The request was wrong (bad input, missing permission, conflicting state).</summary>
        Sender = 1,

        /// <summary>The service failed; the same request may succeed later.</summary>
        Receiver = 2,
    }
}
