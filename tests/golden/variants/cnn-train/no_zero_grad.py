# expect: fail gradients pile up from batch to batch
def train_one_epoch(model, loader, optimizer):
    model.train()
    total_loss, seen = 0.0, 0
    for images, labels in loader:
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * labels.shape[0]
        seen += labels.shape[0]
    return total_loss / seen
