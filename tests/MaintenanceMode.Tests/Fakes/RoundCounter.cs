namespace MaintenanceMode.Tests.Fakes
{
    /// <summary>
    /// Makes the fake answer every mutating call after a short pause, so calls sent together overlap, and counts
    /// rounds: a call's round is one more than the highest round of any call already answered when it started,
    /// so calls sent together share one. Set as the fake's <see cref="FakeElbv2Client.BeforeCall"/>.
    /// </summary>
    internal sealed class RoundCounter
    {
        private readonly object _gate = new object();
        private int _answeredRound;
        private int _inFlight;

        private RoundCounter()
        {
        }

        public int Calls { get; private set; }

        public int Rounds { get; private set; }

        public int MostAtOnce { get; private set; }

        /// <summary>A mutating call this answers with a 500 after its pause instead of letting it act (asked once per call, under a lock).</summary>
        public Func<FakeElbv2Call, bool>? Fails { get; set; }

        public static RoundCounter On(FakeElbv2Client elb)
        {
            var counter = new RoundCounter();
            elb.BeforeCall = counter.PauseAsync;
            return counter;
        }

        public void Reset()
        {
            lock (_gate)
            {
                Calls = Rounds = MostAtOnce = _answeredRound = _inFlight = 0;
            }
        }

        private async Task PauseAsync(FakeElbv2Call call)
        {
            if (!call.Mutating)
            {
                return;
            }

            int round;
            lock (_gate)
            {
                Calls++;
                round = _answeredRound + 1;
                Rounds = Math.Max(Rounds, round);
                _inFlight++;
                MostAtOnce = Math.Max(MostAtOnce, _inFlight);
            }

            await Task.Delay(15).ConfigureAwait(false);
            lock (_gate)
            {
                _inFlight--;
                _answeredRound = Math.Max(_answeredRound, round);
                if (Fails != null && Fails(call))
                {
                    throw new MaintenanceMode.Aws.Elbv2.Elbv2Exception("InternalFailure", "failed", call.Name, MaintenanceMode.Aws.Elbv2.Elbv2ErrorType.Receiver, System.Net.HttpStatusCode.InternalServerError);
                }
            }
        }
    }
}
