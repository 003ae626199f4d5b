namespace MaintenanceMode.State.Locks
{
    /// <summary>A lock object as read or written: its record and the ETag of that version (for a conditional delete).</summary>
    public sealed class HeldLock
    {
        public HeldLock(string key, LockRecord record, string eTag)
        {
            Key = key;
            Record = record;
            ETag = eTag;
        }

        public string Key { get; }

        public LockRecord Record { get; }

        public string ETag { get; }
    }
}
