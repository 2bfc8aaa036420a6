# expect: fail stops after the first batch
# The return is indented into the for loop, so only the first batch is evaluated.
def evaluate(model, loader):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            logits = model(images)
            total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
            correct += int((logits.argmax(dim=1) == labels).sum().item())
            seen += labels.shape[0]
            return total_loss / seen, correct / seen
