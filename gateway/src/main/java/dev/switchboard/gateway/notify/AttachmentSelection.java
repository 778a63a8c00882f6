package dev.switchboard.gateway.notify;

import dev.switchboard.store.AttachmentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which of a mail's stored files a notification carries. Pure: in the order they came, each file that still fits in
 * the per-mail budget is attached; a file that does not fit is listed only, and a smaller one after it may still fit.
 * A file whose content was dropped for a limit has nothing to attach.
 *
 * @param attached the files to attach, in order
 * @param listedOnly stored files left out for the budget, which the mail names
 */
public record AttachmentSelection(List<AttachmentInfo> attached, List<AttachmentInfo> listedOnly) {
  public static final AttachmentSelection NONE = new AttachmentSelection(List.of(), List.of());

  public AttachmentSelection {
    attached = List.copyOf(attached);
    listedOnly = List.copyOf(listedOnly);
  }

  public static AttachmentSelection choose(List<AttachmentInfo> files, long maxBytes) {
    Objects.requireNonNull(files, "files");
    List<AttachmentInfo> attached = new ArrayList<>();
    List<AttachmentInfo> listed = new ArrayList<>();
    long left = maxBytes;
    for (AttachmentInfo f : files) {
      if (!f.stored()) {
        continue;
      }
      if (maxBytes > 0 && f.size() <= left) {
        attached.add(f);
        left -= f.size();
      } else {
        listed.add(f);
      }
    }
    return new AttachmentSelection(attached, listed);
  }

  public List<Long> attachedIds() {
    return attached.stream().map(AttachmentInfo::id).toList();
  }
}
