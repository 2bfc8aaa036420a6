# expect: fail averages per-batch accuracies
def evaluate(model, loader):
    model.eval()
    total_loss, seen, accuracies = 0.0, 0, []
    with torch.no_grad():
        for images, labels in loader:
            logits = model(images)
            total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
            accuracies.append((logits.argmax(dim=1) == labels).float().mean().item())
            seen += labels.shape[0]
    return total_loss / seen, sum(accuracies) / len(accuracies)
