namespace MaintenanceMode.Maintenance.Planning
{
    /// <summary>One mutating API call of a plan. Reads happen before planning; a plan holds only changes.</summary>
    public abstract class PlanStep
    {
        /// <summary>The ELBv2 action the step calls, e.g. CreateRule.</summary>
        public abstract string Operation { get; }

        /// <summary>What the call does, in words safe to print (no header secrets).</summary>
        public abstract string Describe();

        /// <summary>True for the one call that moves public traffic onto or off the page.</summary>
        public bool FlipsPublicTraffic { get; set; }

        public override string ToString() => $"{Operation}: {Describe()}";
    }
}
