# expect: fail steps on the loss summed over the batch
def train_one_epoch(model, loader, optimizer):
    model.train()
    total_loss, seen = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels, reduction="sum")
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
        seen += labels.shape[0]
    return total_loss / seen
