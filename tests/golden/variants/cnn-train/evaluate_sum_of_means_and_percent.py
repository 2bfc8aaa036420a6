# expect: fail is the sum of the per-batch mean losses divided by the number of samples
# Two mistakes at once: batch-mean losses summed and then divided by N (each batch is
# divided twice), and the accuracy in percent. Both must be reported.
def evaluate(model, loader):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            logits = model(images)
            total_loss += F.cross_entropy(logits, labels).item()
            correct += int((logits.argmax(dim=1) == labels).sum().item())
            seen += labels.shape[0]
    return total_loss / seen, 100.0 * correct / seen
